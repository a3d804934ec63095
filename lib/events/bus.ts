import 'server-only';
import { sql } from 'drizzle-orm';
import { handle } from '@/db';
import type { EventRow } from '@/db/schema';
import { onCredentialChange } from './credentials';
import { startListener, NOTIFY_CHANNEL, type Listener } from './listener';
import { readEvents } from './log';

// The events table is the truth; notifications only say "look again". Each process keeps one channel per
// main meeting that has subscribers here. A wake-up makes the channel read what is new ONCE and hand
// every subscriber the rows after its own cursor, so a thousand subscribers cost one query.

const PAGE = 1000;
const RETRY_READ_MS = 1_000;
/** A safety net for a lost wake-up (a publisher that died between commit and NOTIFY). */
const SWEEP_EVERY_MS = 30_000;

interface Subscriber {
  /** The id of the last event this subscriber has been given. */
  cursor: number;
  /** May answer a promise: the delivery is enqueued on the stream once it settles (timed in `deliveries`). */
  onEvents: (rows: EventRow[]) => Promise<void> | undefined;
  credentials?: CredentialWatch;
}

/** The credential changes a subscriber depends on (names from `credentialKey`), and what to do on one. */
export interface CredentialWatch {
  keys: ReadonlySet<string>;
  /** Called with the changed key, or `*` when changes may have been missed (the listener reconnected). */
  onChange: (key: string) => void;
}

interface Channel {
  id: string;
  subscribers: Set<Subscriber>;
  /** The highest event id this channel has read. */
  seen: number;
  reading: boolean;
  /** When the first wake-up not yet read arrived (epoch ms), for the delivery timings. */
  wokeAt?: number;
  /** Another read is due once the current one finishes. */
  again: boolean;
  retry?: NodeJS.Timeout;
}

interface BusState {
  channels: Map<string, Channel>;
  listener?: Promise<Listener | undefined>;
  sweep?: NodeJS.Timeout;
  /** How many reads the channels made (tests check that one wake-up costs one read, not one per subscriber). */
  reads: number;
  /** The latest deliveries' timings (the fan-out benchmark reads them through busStats). */
  deliveries: Delivery[];
}

/**
 * How long one delivery took in this process (epoch ms): the wake-up (the local commit's publish, or
 * another instance's notification), its read done, every subscriber handed the rows, and every stream's
 * frames enqueued (after any token to sign).
 */
export interface Delivery {
  meetingId: string;
  lastEventId: number;
  rows: number;
  subscribers: number;
  wokeAt: number;
  readAt: number;
  handedAt: number;
  enqueuedAt?: number;
}

const KEPT_DELIVERIES = 20;
const epochMs = () => performance.timeOrigin + performance.now();

// On globalThis, so hot reload in development keeps one listener and one set of channels per process.
const g = globalThis as unknown as { __breakoutBus?: BusState };
const bus = (): BusState => (g.__breakoutBus ??= { channels: new Map(), reads: 0, deliveries: [] });

/**
 * Wakes every subscriber of a main meeting, in this process and (on PostgreSQL) in every other one.
 * Call it after the transaction that appended events has committed. It never throws: the events are
 * already stored, and a missed wake-up is caught by the next one or by the periodic sweep.
 */
export async function publish(mainMeetingId: string): Promise<void> {
  const channel = bus().channels.get(mainMeetingId);
  if (channel) wake(channel);
  try {
    const { db, driver } = await handle();
    // PGlite is one process: the local wake-up above reaches everyone.
    if (driver === 'pglite') return;
    await db.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, ${mainMeetingId})`);
  } catch (err) {
    console.error('Could not notify other instances of new events', err);
  }
}

/**
 * Calls `onEvents` with every event of a main meeting after `afterEventId`, in order, as they are
 * committed, until the returned function is called. The rows array is shared between subscribers:
 * treat it as read-only. A delivery that is prepared asynchronously answers a promise that settles once
 * its frames are enqueued (it is only timed: see `Delivery`).
 */
export function subscribe(
  mainMeetingId: string,
  afterEventId: number,
  onEvents: (rows: EventRow[]) => Promise<void> | undefined,
  credentials?: CredentialWatch,
): () => void {
  const state = bus();
  let channel = state.channels.get(mainMeetingId);
  const created = !channel;
  if (!channel) {
    channel = { id: mainMeetingId, subscribers: new Set(), seen: afterEventId, reading: false, again: false };
    state.channels.set(mainMeetingId, channel);
  }
  const subscriber: Subscriber = { cursor: afterEventId, onEvents, credentials };
  channel.subscribers.add(subscriber);
  ensureBackground(state);
  // An event may have been committed (and its wake-up spent) between the caller's read and now.
  if (created || afterEventId < channel.seen) wake(channel);
  const ch = channel;
  return () => {
    ch.subscribers.delete(subscriber);
    forgetIfIdle(ch);
  };
}

function wake(channel: Channel): void {
  channel.wokeAt ??= epochMs();
  if (channel.reading) {
    channel.again = true;
    return;
  }
  void drain(channel);
}

async function drain(channel: Channel): Promise<void> {
  channel.reading = true;
  clearTimeout(channel.retry);
  try {
    do {
      channel.again = false;
      const wokeAt = channel.wokeAt ?? epochMs();
      channel.wokeAt = undefined;
      if (channel.subscribers.size === 0) break;
      let from = Infinity;
      for (const s of channel.subscribers) from = Math.min(from, s.cursor);
      const { db } = await handle();
      bus().reads += 1;
      const rows = await readEvents(db, channel.id, from, PAGE);
      if (rows.length === PAGE) channel.again = true;
      if (rows.length) channel.seen = Math.max(channel.seen, rows.at(-1)!.id);
      const readAt = epochMs();
      const pending = deliver(channel, from, rows);
      if (rows.length) record(channel, rows, wokeAt, readAt, pending);
    } while (channel.again);
  } catch (err) {
    console.error(`Could not read events of meeting ${channel.id}; retrying`, err);
    channel.retry = setTimeout(() => wake(channel), RETRY_READ_MS);
    channel.retry.unref();
  } finally {
    channel.reading = false;
    forgetIfIdle(channel);
  }
}

/** Hands the rows to every subscriber; answers the deliveries still being prepared (async ones). */
function deliver(channel: Channel, from: number, rows: EventRow[]): Promise<void>[] {
  const last = rows.at(-1)?.id ?? from;
  const pending: Promise<void>[] = [];
  for (const s of channel.subscribers) {
    // Joined during the read with an older cursor: these rows would leave a gap, so read again.
    if (s.cursor < from) {
      channel.again = true;
      continue;
    }
    if (s.cursor >= last) continue;
    const fresh = s.cursor === from ? rows : rows.filter((r) => r.id > s.cursor);
    s.cursor = last;
    try {
      const later = s.onEvents(fresh);
      if (later) pending.push(later);
    } catch (err) {
      console.error('An event subscriber failed', err);
    }
  }
  return pending;
}

function record(
  channel: Channel,
  rows: EventRow[],
  wokeAt: number,
  readAt: number,
  pending: Promise<void>[],
) {
  const d: Delivery = {
    meetingId: channel.id,
    lastEventId: rows.at(-1)!.id,
    rows: rows.length,
    subscribers: channel.subscribers.size,
    wokeAt,
    readAt,
    handedAt: epochMs(),
  };
  const list = bus().deliveries;
  list.push(d);
  if (list.length > KEPT_DELIVERIES) list.shift();
  if (!pending.length) d.enqueuedAt = d.handedAt;
  // The promises never reject (a stream that fails closes itself); settled, every frame is enqueued.
  else void Promise.allSettled(pending).then(() => (d.enqueuedAt = epochMs()));
}

function forgetIfIdle(channel: Channel): void {
  const state = bus();
  if (channel.subscribers.size > 0 || channel.reading) return;
  clearTimeout(channel.retry);
  if (state.channels.get(channel.id) === channel) state.channels.delete(channel.id);
}

function wakeAll(): void {
  for (const channel of bus().channels.values()) wake(channel);
}

/** Tells every subscriber here that depends on `key` (every one, for `*`) that it changed. */
function credentialChanged(key: string): void {
  for (const channel of bus().channels.values()) {
    for (const s of channel.subscribers) {
      if (!s.credentials || (key !== '*' && !s.credentials.keys.has(key))) continue;
      try {
        s.credentials.onChange(key);
      } catch (err) {
        console.error('A credential check failed', err);
      }
    }
  }
}

/** Starts, once per process, the LISTEN connection (PostgreSQL only) and the periodic sweep. */
function ensureBackground(state: BusState): void {
  onCredentialChange(credentialChanged);
  if (!state.sweep) {
    state.sweep = setInterval(wakeAll, SWEEP_EVERY_MS);
    state.sweep.unref();
  }
  state.listener ??= handle().then(
    ({ driver }) =>
      driver === 'pglite'
        ? undefined
        : startListener({
            driver,
            onNotify: (id) => {
              const channel = bus().channels.get(id);
              if (channel) wake(channel);
            },
            onCredential: credentialChanged,
            onConnect: () => {
              wakeAll();
              credentialChanged('*');
            },
          }),
    (err: unknown) => {
      state.listener = undefined;
      console.error('Could not start the event listener', err);
      return undefined;
    },
  );
}

/** Stops the listener and the sweep and forgets every channel (tests and shutdown). */
export async function closeBus(): Promise<void> {
  const state = g.__breakoutBus;
  g.__breakoutBus = undefined;
  if (!state) return;
  clearInterval(state.sweep);
  for (const channel of state.channels.values()) clearTimeout(channel.retry);
  state.channels.clear();
  await (await state.listener)?.close();
}

/** What the bus holds now (for one main meeting, or all): channels, subscribers, reads, the listener's pid. */
export async function busStats(mainMeetingId?: string) {
  const state = bus();
  const listener = await state.listener;
  let channels = 0;
  let subscribers = 0;
  for (const c of state.channels.values()) {
    if (mainMeetingId && c.id !== mainMeetingId) continue;
    channels += 1;
    subscribers += c.subscribers.size;
  }
  return {
    channels,
    subscribers,
    reads: state.reads,
    listenerPid: listener?.backendPid(),
    deliveries: state.deliveries,
  };
}

/** How many main meetings have event subscribers in this process now (cheap: no database). */
export function liveMeetingCount(): number {
  return g.__breakoutBus?.channels.size ?? 0;
}

/** Resolves once this process listens for other instances' events (immediately on PGlite). */
export async function listenerReady(): Promise<void> {
  await (await bus().listener)?.ready();
}
