// Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html). Pure.
import type { EventHints } from '@/db/schema';
import {
  bitsMove,
  compactMove,
  groupMove,
  MOVE_FORMATS,
  type FullMove,
  type MoveFormat,
} from './grouped-moves';

/** What a client receives for one stored event, under `event: <type>` and `id: <event id>`. */
export interface EventData {
  version: number;
  payload: unknown;
  actor: unknown;
  created_at: string;
}

/** The columns of an event row the stream needs. */
export interface StreamedEvent {
  id: number;
  type: string;
  version: number;
  payload: unknown;
  actor: unknown;
  createdAt: Date;
  /** A move's count of who it left behind (`EventHints`; absent in rows written before it was kept). */
  hints?: EventHints | null;
}

const encoder = new TextEncoder();

/** How long a browser waits before reconnecting after the stream drops. */
export const RETRY_MS = 2000;

export const retryFrame = () => encoder.encode(`retry: ${RETRY_MS}\n\n`);

/** A comment line: ignored by clients, it keeps proxies and load balancers from closing an idle stream. */
export const heartbeatFrame = () => encoder.encode(': keep-alive\n\n');

/** One SSE message. `data` is JSON, which never contains a raw newline, so one `data:` line suffices. */
export function messageFrame(event: string, id: number, data: unknown): Uint8Array {
  if (/[\r\n]/.test(event)) throw new Error('An SSE event name cannot contain a line break');
  return encoder.encode(`event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * A message with no `id:` line: for what is meant for one subscriber and not stored in the log (a media
 * token). The browser keeps its last event id, so resuming is unaffected.
 */
export function dataFrame(event: string, data: unknown): Uint8Array {
  if (/[\r\n]/.test(event)) throw new Error('An SSE event name cannot contain a line break');
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

// Every subscriber of a meeting gets the same row objects, so each row is serialized once per process
// (and once more for the streams that asked for grouped moves, when it is a move, and once compact: with
// those who stay named, once for each sight).
const encoded = {
  full: new WeakMap<StreamedEvent, Uint8Array>(),
  grouped: new WeakMap<StreamedEvent, Uint8Array>(),
  compact: new WeakMap<StreamedEvent, Uint8Array>(),
  'staying-everyone': new WeakMap<StreamedEvent, Uint8Array>(),
  'staying-visible': new WeakMap<StreamedEvent, Uint8Array>(),
  'bits-everyone': new WeakMap<StreamedEvent, Uint8Array>(),
  'bits-visible': new WeakMap<StreamedEvent, Uint8Array>(),
};

/**
 * Whom a subscriber sees of the people left behind by a move: `everyone` (hosts) or only those not hidden
 * (`visible`, a participant who may see the list). A grouped move that left none of them, or fewer than
 * its largest group, is sent compact.
 */
export type Sight = 'everyone' | 'visible';

/** The frame of a stored event (cached per row object and form). */
export function eventFrame(row: StreamedEvent, moves: MoveFormat = 'full', sight?: Sight): Uint8Array {
  const format = moveFormatOf(row, moves);
  const seen = format === 'grouped' ? sight : undefined;
  // A large group the writer found shorter as bits over the source meeting (grouped-moves.ts); else
  // compact when few or none of those it left there are seen.
  const bits = seen && bitsOf(row, seen);
  const staying = seen && !bits ? stayingOf(row, seen) : undefined;
  const form = bits
    ? (`bits-${seen}` as const)
    : !staying
      ? format
      : staying.length
        ? (`staying-${seen!}` as const)
        : 'compact';
  let frame = encoded[form].get(row);
  if (!frame) {
    frame = bits
      ? framed(row, bitsMove(groupMove(row.payload as FullMove), bits.bits, bits.size))
      : staying
        ? framed(row, compactMove(groupMove(row.payload as FullMove), staying))
        : payloadFrame(row, row.payload, format);
    encoded[form].set(row, frame);
  }
  return frame;
}

/** A move's largest group as bits over its source meeting for this sight, when the row has them. */
const bitsOf = (row: StreamedEvent, sight: Sight): { bits: string; size: number } | undefined => {
  const h = row.hints;
  const [bits, size] =
    sight === 'everyone'
      ? [h?.source_bits, h?.source_size]
      : [h?.visible_source_bits, h?.visible_source_size];
  return bits && size !== undefined ? { bits, size } : undefined;
};

/**
 * Whom of the people a move left in its source meeting this subscriber could see: none (`[]`), their ids
 * when the row names them (few enough), else undefined (many, or a row from before it was kept).
 */
const stayingOf = (row: StreamedEvent, sight: Sight): readonly string[] | undefined => {
  const h = row.hints;
  if (!h) return undefined;
  if ((sight === 'everyone' ? h.left_in_source : h.visible_left_in_source) === 0) return [];
  return sight === 'everyone' ? h.left_ids : h.visible_left_ids;
};

/** A stored event's frame with this payload (a stream's own, narrower one), moves in the stream's format. */
export function payloadFrame(row: StreamedEvent, payload: unknown, moves: MoveFormat): Uint8Array {
  return framed(row, moveFormatOf(row, moves) === 'grouped' ? groupMove(payload as FullMove) : payload);
}

const framed = (row: StreamedEvent, payload: unknown) => {
  const data: EventData = {
    version: row.version,
    payload,
    actor: row.actor,
    created_at: row.createdAt.toISOString(),
  };
  return messageFrame(row.type, row.id, data);
};

/** The format a row is framed in on a stream sending moves in `moves`: only a move is ever grouped. */
const moveFormatOf = (row: StreamedEvent, moves: MoveFormat): MoveFormat =>
  row.type === 'participants_moved' ? moves : 'full';

/**
 * How moves are sent on a stream: `?moves=grouped` groups a move's people by preset (grouped-moves.ts);
 * none is `full`. False for any other value.
 */
export function parseMoveFormat(query: string | null): MoveFormat | false {
  if (query === null) return 'full';
  return (MOVE_FORMATS as readonly string[]).includes(query) ? (query as MoveFormat) : false;
}

/**
 * The resume point a client sent: the `Last-Event-ID` header (what a browser's EventSource sends when it
 * reconnects), else the `last_event_id` query parameter (for clients that cannot set headers).
 * Undefined when neither is present (or empty); `false` when present but not a non-negative integer.
 */
export function parseLastEventId(header: string | null, query: string | null): number | undefined | false {
  const text = header?.trim() || query?.trim();
  // EventSource sends no header until it has seen an id; an empty value means the same.
  if (!text) return undefined;
  if (!/^\d{1,15}$/.test(text)) return false;
  return Number(text);
}
