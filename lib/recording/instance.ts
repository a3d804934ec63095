import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';

const g = globalThis as { __recordingInstanceId?: string };

/**
 * This app process, as a recording lease names it: host, pid and a random part (a restarted process is a
 * new owner, so a lease left by the old one is never mistaken for its own).
 */
export const instanceId = (): string =>
  (g.__recordingInstanceId ??= `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);

/** How long a lease lasts without renewal; the holder renews it every LEASE_RENEW_MS. */
export const LEASE_MS = 30_000;
export const LEASE_RENEW_MS = 10_000;
