import 'server-only';
import { configureNeon } from '@/db';
import { env } from '@/lib/env';
import { CREDENTIALS_CHANNEL } from './credentials';

/** The Postgres notification channel that carries "this main meeting has new events" wake-ups. */
export const NOTIFY_CHANNEL = 'breakout_events';

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;
const PING_EVERY_MS = 30_000;
const PING_TIMEOUT_MS = 10_000;

/** The slice of a node-postgres client the listener uses (the Neon driver's Client is one too). */
interface ListenClient {
  connect(): Promise<unknown>;
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
  on(event: 'notification', fn: (msg: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
}

export interface ListenerOptions {
  driver: 'pg' | 'neon';
  /** A main meeting id arrived on the channel. */
  onNotify: (mainMeetingId: string) => void;
  /** A credential change arrived (`lib/events/credentials.ts`). */
  onCredential?: (key: string) => void;
  /**
   * Called after every (re)connection: notifications sent while we were not listening are lost, so every
   * channel reads again and every stream checks its credential again.
   */
  onConnect: () => void;
}

export interface Listener {
  close(): Promise<void>;
  /** The server process id of the listening connection (tests terminate it to prove reconnection). */
  backendPid(): number | undefined;
  /** Resolves once the listener is connected and listening (tests wait for it). */
  ready(): Promise<void>;
}

/**
 * A dedicated LISTEN connection (never from the pool: a pooled connection goes back to others, and
 * PgBouncer drops LISTEN). It reconnects with backoff after any error and pings to notice dead sockets.
 */
export function startListener(opts: ListenerOptions): Listener {
  let closed = false;
  let current: { client: ListenClient; pid: number } | undefined;
  let attempts = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let waiters: Array<() => void> = [];

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** attempts);
    attempts += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref();
  };

  const drop = (client: ListenClient, reason: unknown) => {
    if (current?.client !== client) return;
    current = undefined;
    clearInterval(pingTimer);
    if (!closed) console.warn('Event listener connection lost; reconnecting.', describe(reason));
    client.end().catch(() => undefined);
    scheduleReconnect();
  };

  async function connect() {
    if (closed) return;
    let client: ListenClient | undefined;
    try {
      client = await newClient(opts.driver);
      const c = client;
      let lost: unknown;
      // Before `current` is set, a failure is remembered and raised below instead of dropped.
      c.on('error', (err) => (current?.client === c ? drop(c, err) : (lost ??= err)));
      c.on('end', () => (current?.client === c ? drop(c, 'connection ended') : (lost ??= 'ended')));
      c.on('notification', (msg) => {
        if (!msg.payload) return;
        if (msg.channel === NOTIFY_CHANNEL) opts.onNotify(msg.payload);
        else if (msg.channel === CREDENTIALS_CHANNEL) opts.onCredential?.(msg.payload);
      });
      await c.connect();
      await c.query(`LISTEN ${NOTIFY_CHANNEL}`);
      await c.query(`LISTEN ${CREDENTIALS_CHANNEL}`);
      const { rows } = await c.query('select pg_backend_pid() as pid');
      if (lost) throw lost instanceof Error ? lost : new Error(describe(lost));
      if (closed) return void c.end().catch(() => undefined);
      current = { client: c, pid: Number(rows[0]?.pid) };
      attempts = 0;
      pingTimer = setInterval(() => void ping(c), PING_EVERY_MS);
      pingTimer.unref();
      waiters.splice(0).forEach((w) => w());
      opts.onConnect();
    } catch (err) {
      if (client && current?.client !== client) client.end().catch(() => undefined);
      if (!closed) console.warn('Event listener could not connect; retrying.', describe(err));
      scheduleReconnect();
    }
  }

  async function ping(client: ListenClient) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([client.query('select 1'), timeout]);
    } catch (err) {
      drop(client, err);
    } finally {
      clearTimeout(timer);
    }
  }

  void connect();
  return {
    backendPid: () => current?.pid,
    ready: () => (current ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      const c = current?.client;
      current = undefined;
      waiters.splice(0).forEach((w) => w());
      waiters = [];
      await c?.end().catch(() => undefined);
    },
  };
}

/** The connection string for LISTEN: the unpooled one, since a transaction pooler drops LISTEN. */
export function listenUrl(e = env()): string {
  const url = e.DATABASE_URL_UNPOOLED ?? e.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (e.DATABASE_URL_UNPOOLED || e.databaseDriver !== 'neon') return url;
  // Neon's pooled hosts are the direct host with "-pooler" after the endpoint id.
  const parsed = new URL(url);
  parsed.hostname = parsed.hostname.replace(/^([^.]+)-pooler\./, '$1.');
  return parsed.toString();
}

async function newClient(driver: 'pg' | 'neon'): Promise<ListenClient> {
  const connectionString = listenUrl();
  if (driver === 'pg') {
    const { Client } = await import('pg');
    return new Client({ connectionString, keepAlive: true });
  }
  await configureNeon(env().NEON_WS_PROXY);
  const { Client } = await import('@neondatabase/serverless');
  return new Client({ connectionString });
}

const describe = (err: unknown) => (err instanceof Error ? err.message : JSON.stringify(err));
