import 'server-only';
import { z } from 'zod';
import { db, type Db } from '@/db';
import { errorResponse, zodToAppError } from '@/lib/api/router';
import { securityFor } from '@/lib/api/security-schemes';
import { loadConnectedMeetings } from '@/lib/breakout/state';
import { AppError } from '@/lib/errors';
import { openStreamLease, type StreamLease } from '@/lib/limits/streams';
import { uuidParam } from '@/lib/schemas';
import type { EventRow } from '@/db/schema';
import { subscribe } from './bus';
import { lastEventId, readEvents } from './log';
import { MOVE_FORMATS } from './grouped-moves';
import { heartbeatFrame, messageFrame, parseLastEventId, parseMoveFormat, retryFrame } from './sse-format';
import { authorizeSubscriber, type SessionHostResolver } from './subscriber';
import { StreamViewer } from './viewer';

export const HEARTBEAT_MS = 15_000;
const REPLAY_PAGE = 500;
/** A client that stops reading is dropped past this much unsent data; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  // `no-transform`: neither the app server's own response compression (`next start` gzips every answer
  // a browser accepts gzip for) nor a proxy may compress the stream. Compressing each stream on its own
  // costs a zlib state of about 220 KB per connection, eight times what the stream itself holds, and
  // compresses every shared event again for every subscriber (1.3 s of CPU per thousand subscribers for
  // one thousand-person move).
  'Cache-Control': 'no-store, no-transform',
  // nginx buffers proxied responses by default, which would hold events back.
  'X-Accel-Buffering': 'no',
};

export interface EventsOptions {
  /** Resolves a signed-in dashboard session; only asked when the request has an Auth.js session cookie. */
  sessionHost?: SessionHostResolver;
  heartbeatMs?: number;
}

const pathSchema = z.object({ meeting_id: uuidParam('meeting_id') });

type Opening = { kind: 'snapshot'; frame: Uint8Array; cursor: number } | { kind: 'replay'; after: number };

/**
 * `GET /api/v1/meetings/{meeting_id}/events`: a main meeting's breakout events as Server-Sent Events.
 * A fresh connection starts with a `snapshot` of the whole state; one that sends `Last-Event-ID` (or
 * `?last_event_id=`) gets every event after that id instead. Then each new event, as it is committed.
 */
export async function eventsResponse(
  request: Request,
  meetingId: string,
  options: EventsOptions = {},
): Promise<Response> {
  let lease: StreamLease | undefined;
  try {
    const checked = pathSchema.safeParse({ meeting_id: meetingId });
    if (!checked.success) throw zodToAppError(checked.error, 'path');
    const url = new URL(request.url);
    const resume = parseLastEventId(
      request.headers.get('last-event-id'),
      url.searchParams.get('last_event_id'),
    );
    if (resume === false) {
      throw new AppError(
        'invalid',
        'Last-Event-ID must be a non-negative integer: the id of the last event you received.',
        'last_event_id',
      );
    }
    const moves = parseMoveFormat(url.searchParams.get('moves'));
    if (moves === false) {
      throw new AppError(
        'invalid',
        "moves must be 'full' (each moved person with their preset, the default) or 'grouped' (people grouped by preset).",
        'moves',
      );
    }
    const caller = await authorizeSubscriber(request, meetingId, options.sessionHost);
    // The stream caps (per credential on every instance, per process) before any snapshot is read.
    lease = await openStreamLease(
      caller.kind === 'host'
        ? { kind: 'host', id: caller.hostId }
        : { kind: 'participant', id: caller.participantId },
    );
    const d = await db();
    const viewer = await StreamViewer.open(caller, moves);
    const opening = await openingOf(d, meetingId, resume, viewer);
    if (viewer.revoked) throw new AppError('unauthorized', viewer.revoked.message);
    const hb = options.heartbeatMs ?? HEARTBEAT_MS;
    const body = eventStream(request, d, meetingId, viewer, opening, hb, lease);
    return new Response(body, { headers: SSE_HEADERS });
  } catch (err) {
    lease?.release();
    return errorResponse(err);
  }
}

async function openingOf(
  d: Db,
  meetingId: string,
  resume: number | undefined,
  viewer: StreamViewer,
): Promise<Opening> {
  // An id beyond this meeting's newest was not issued by this stream (another database?): start afresh.
  if (resume !== undefined && resume <= (await lastEventId(d, meetingId))) {
    await viewer.fromReplay(meetingId, resume);
    return { kind: 'replay', after: resume };
  }
  // One snapshot of the database, so the state and its last_event_id agree even while commands commit.
  const state = await d.transaction((tx) => loadConnectedMeetings(tx, meetingId), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
  return {
    kind: 'snapshot',
    frame: messageFrame('snapshot', state.last_event_id, viewer.fromSnapshot(state)),
    cursor: state.last_event_id,
  };
}

function eventStream(
  request: Request,
  d: Db,
  meetingId: string,
  viewer: StreamViewer,
  opening: Opening,
  heartbeatMs: number,
  lease: StreamLease,
) {
  let stop = () => {};
  // Handed over once and then forgotten: the stream's closures live as long as the connection, and a
  // snapshot frame (tens of KB) must not live with them.
  let pending: Opening | undefined = opening;
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const first = pending!;
        pending = undefined;
        let done = false;
        let unsubscribe = () => {};
        const heartbeat = setInterval(() => send(heartbeatFrame()), heartbeatMs);
        const onAbort = () => {
          stop();
          close();
        };
        const close = () => {
          try {
            controller.close();
          } catch {
            // already closed or cancelled
          }
        };
        // The client went away (request aborted, stream cancelled) or was dropped: release everything.
        stop = () => {
          if (done) return;
          done = true;
          lease.release();
          clearInterval(heartbeat);
          unsubscribe();
          request.signal.removeEventListener('abort', onAbort);
        };
        const sendAll = (frames: readonly Uint8Array[]) => joinFrames(frames).forEach(send);
        const send = (chunk: Uint8Array) => {
          if (done || chunk.byteLength === 0) return;
          try {
            controller.enqueue(chunk);
            if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) onAbort();
          } catch {
            stop();
          }
        };
        // The credential that opened the stream no longer speaks for it: say why, then close.
        const revoke = () => {
          send(viewer.revokedFrame());
          onAbort();
        };
        request.signal.addEventListener('abort', onAbort);
        if (request.signal.aborted) return onAbort();

        send(retryFrame());
        let cursor: number;
        if (first.kind === 'snapshot') {
          send(first.frame);
          cursor = first.cursor;
        } else {
          cursor = first.after;
          try {
            for (;;) {
              const rows = await readEvents(d, meetingId, cursor, REPLAY_PAGE);
              for (const frame of await viewer.frames(rows, false)) send(frame);
              if (viewer.revoked) return revoke();
              if (rows.length) cursor = rows.at(-1)!.id;
              if (rows.length < REPLAY_PAGE || done) break;
            }
          } catch (err) {
            // The client reconnects (after `retry`) and resumes from the last id it got.
            console.error(`Could not replay events of meeting ${meetingId}`, err);
            return onAbort();
          }
        }
        if (done) return;
        // Most deliveries go out at once; one that moves this participant (a media token to sign) or
        // names a preset not read yet is async, and later deliveries queue behind it so the order holds.
        // A credential check queues the same way; a revoked credential ends the stream.
        let queue: Promise<void> | undefined;
        const enqueue = (work: () => Promise<void>) => {
          const next = (queue ?? Promise.resolve())
            .then(work)
            .then(() => (viewer.revoked ? revoke() : undefined))
            .catch((err: unknown) => {
              // The client reconnects (after `retry`) and resumes from the last id it got.
              console.error(`Could not deliver events of meeting ${meetingId}`, err);
              onAbort();
            })
            .finally(() => {
              if (queue === next) queue = undefined;
            });
          queue = next;
          return next;
        };
        const onEvents = (rows: EventRow[]) => {
          const now = queue ? undefined : viewer.framesNow(rows);
          if (!now) return enqueue(async () => sendAll(await viewer.frames(rows, true)));
          sendAll(now);
          if (viewer.revoked) revoke();
          return undefined;
        };
        // A host's pick for this participant is no credential: it is answered with `warm_hint` (the instance
        // that made it hears it twice, from its commit and from the database's notification; the page
        // then asks for its warm token once more).
        const credentials = {
          keys: viewer.credentialKeys,
          onChange: (key: string) =>
            void enqueue(
              key === viewer.pendingMoveKey
                ? () => Promise.resolve(send(viewer.warmHintFrame()))
                : () => viewer.recheck(key),
            ),
        };
        unsubscribe = subscribe(meetingId, cursor, onEvents, credentials);
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** The OpenAPI description of the events stream, merged into the document's `paths`. */
export function eventsOpenApiPaths() {
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  return {
    '/meetings/{meeting_id}/events': {
      get: {
        operationId: 'streamMeetingEvents',
        summary: 'Stream breakout events (Server-Sent Events)',
        tags: ['Breakout rooms'],
        security: securityFor(['host', 'participant']),
        description: [
          "A main meeting's breakout events as `text/event-stream`, for its host (API key) and its participants",
          '(participant token or join cookie). A new connection first gets `event: snapshot` whose `id` is the',
          'newest event id and whose data is the connected-meetings state; then one message per event:',
          '`event: <type>`, `id: <event id>`, `data: {"version","payload","actor","created_at"}`.',
          'To resume, send `Last-Event-ID` (browsers do on reconnect) or `?last_event_id=`: every later event',
          'is replayed instead of a snapshot. A comment line is sent every 15 s. A breakout room id is',
          "refused: its events are on its main meeting's stream. With `?moves=grouped` a `participants_moved`",
          'names its people grouped by the preset that applies to them, each preset once:',
          '`{"source_meeting_id","destination_meeting_id","groups":[{"preset_id","preset_name","custom_preset","participant_ids"}]}`,',
          'groups in the order their first person appears, ids in the order of the move; about a third of the',
          "bytes of a class's move, which every subscriber receives (the product's own pages ask for it).",
          'A grouped move that left nobody the subscriber could see in its source meeting (a room closing,',
          'everyone to one room or back) is compact: its largest group has `"others_in_source": <count>`',
          'instead of `participant_ids`, meaning everyone who was in the source meeting just before it, as',
          'the stream has told of it, and is named in no other group. So is a move that left fewer people',
          'the subscriber sees there than its largest group takes (everyone but the teacher): that group',
          'also has `"staying_ids"`, who stayed, and means everyone else who was there but them. A large',
          'group (64 or more) in a large meeting that would name many ids either way (half of it moving)',
          'has `"source_bits"` instead: base64 of one bit per person who was in the source meeting just',
          'before it (as the stream has told of it), in the order of their ids, set for those it moves. A',
          'client whose count differs, or whose roster does not fit the bits, should open the stream again',
          'without `last_event_id` (a snapshot).',
          'Besides the breakout events it carries `chat_message`, `poll_created` and `poll_voted`,',
          'sent only to the people in the meeting or room they belong to and to hosts (poll events',
          'only with `polls.can_view`); `help_requested`, to hosts only; and `help_resolved`, to the',
          'room the request came from and to hosts. Hosts are the owner and participants whose preset',
          'has `can_alter_connected_meetings`. A participant who is moved first gets',
          '`event: media_token` with no `id` (a media token for the new room, as `POST /livekit/token`',
          'returns it), just before the `participants_moved` event that moves them (not on a replay).',
          "With the warm room switch on, a participant whose room in the hosts' draft changes, or for whom a",
          'host picks a room before moving them (`PUT /meetings/{meeting_id}/connected-meetings/pending-move`),',
          'gets `event: warm_hint` with no `id` and `{}` (ask `POST /livekit/warm-token` again).',
          'A participant receives only the people their preset lets them see (no hidden participants, no',
          "one else's `custom_participant_id`, nobody else without `show_participant_list`) and never the",
          "hosts' `draft_updated` or `plans_updated`. When the credential that opened the stream is revoked (API key revoked,",
          'session signed out, participant removed or their link replaced, meeting made inactive) the',
          'stream sends `event: revoked` with no `id` (`{"code","message"}`) and closes; a change of rights',
          'narrows what follows.',
        ].join(' '),
        parameters: [
          { name: 'meeting_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          {
            name: 'Last-Event-ID',
            in: 'header',
            required: false,
            description: 'Resume after this event id.',
            schema: { type: 'string', pattern: '^[0-9]+$' },
          },
          {
            name: 'last_event_id',
            in: 'query',
            required: false,
            description: 'The same as the Last-Event-ID header, for clients that cannot set headers.',
            schema: { type: 'string', pattern: '^[0-9]+$' },
          },
          {
            name: 'moves',
            in: 'query',
            required: false,
            description:
              'How `participants_moved` names its people: `full` (each with their preset, the default) or `grouped` (grouped by preset; compact when the move left nobody the subscriber could see in its source meeting).',
            schema: { type: 'string', enum: [...MOVE_FORMATS], default: 'full' },
          },
        ],
        responses: {
          '200': {
            description:
              'An endless stream of events. Each message (its `event:`, `id:` and JSON `data:` fields) is one EventStreamMessage.',
            content: { 'text/event-stream': { schema: { $ref: '#/components/schemas/EventStreamMessage' } } },
          },
          '400': error(
            '`last_event_id` (or `Last-Event-ID`) is not a non-negative integer, or `moves` is neither `full` nor `grouped` (`invalid`).',
          ),
          '401': error('No valid credentials (`unauthorized`).'),
          '403': error(
            'Not allowed (`forbidden…`): a breakout room id, or a participant of another meeting.',
          ),
          '404': error('No such meeting for this caller (`not_found:meeting`).'),
          '429': error('Too many streams open for this caller or process (`rate_limited`).'),
          '503': error('The database cannot be reached (`unavailable…`); retry shortly.'),
          default: error('An unexpected error (`internal`).'),
        },
      },
    },
  };
}

/**
 * A delivery's frames as one chunk: each chunk costs a pass through the response stream and a write, and a
 * moved participant's delivery is two frames (the media token, then the move). Frames of a large delivery
 * (a big move in the full form) go as they are rather than be copied for every stream.
 */
export function joinFrames(frames: readonly Uint8Array[]): Uint8Array[] {
  if (frames.length < 2) return frames as Uint8Array[];
  let size = 0;
  for (const f of frames) size += f.byteLength;
  if (size > ONE_CHUNK_MAX) return frames as Uint8Array[];
  const out = new Uint8Array(size);
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.byteLength;
  }
  return [out];
}

/** Up to this many bytes, a delivery's frames are copied into one chunk. */
const ONE_CHUNK_MAX = 16 * 1024;
