import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { db } from '@/db';
import { meetings, recordings, type Recording, type RecordingStopReason } from '@/db/schema';
import { env } from '@/lib/env';
import { mintRecorderToken } from '@/lib/livekit/recorder';
import {
  launchEmbeddedRecorder,
  recoverPartial,
  type RecorderEvent,
  type RecorderHandle,
} from './embedded/launch';
import { startEgressRecording, stopEgressRecording } from './egress';
import { instanceId, LEASE_MS, LEASE_RENEW_MS } from './instance';
import { isActiveStatus, UNFINISHED_STATUSES } from './statuses';
import { recordingStore, StorageError } from './storage';
import {
  markRecordingErrored,
  markRecordingFinishing,
  markRecordingStarted,
  markRecordingUploaded,
} from './transitions';

// The supervisor runs in every app process (instrumentation.ts). The process that handled a start
// launches the embedded recorder right after the commit, holds the row's lease while the recorder runs,
// follows the database (a stop, pause or resume written by any process reaches it within a second) and
// moves the row along as the recorder reports: RECORDING on `started`, UPLOADING on `finished`, the file
// into the store, then UPLOADED (or ERRORED with the reason). State lives in the row, never only here:
// a row whose lease runs out lost its process, and any process's sweep resolves it from what is on disk.

/** How often each process looks for unfinished recordings whose lease ran out. */
export const SWEEP_MS = 15_000;
/**
 * After its start-up sweep, a process keeps sweeping only this long after it last saw recording work
 * (a start, a stop, a room closed while recorded, a row it had to resolve), so an idle process makes no
 * queries and a Neon database can sleep.
 */
const SWEEP_AFTER_ACTIVITY_MS = 60 * 60_000;
/** How often the recordings this process runs are compared with their rows (stop, pause, resume). */
const FOLLOW_MS = 1000;
/** A partial file touched this recently may still be written by a recorder finishing on its own. */
const SETTLING_MS = 10_000;
/** The recorder is trusted to stop at max_seconds; past this much more the supervisor stops it itself. */
const MAX_SECONDS_SLACK = 15;

export const RESTART_MESSAGE =
  'The app restarted while recording; the file holds what was recorded until then.';

interface Running {
  handle: RecorderHandle;
  outputPath: string;
  stopping: boolean;
  paused: boolean;
  /** Another process resolved the row (this one lost its lease): whatever the recorder does is ignored. */
  abandoned: boolean;
}

interface SupervisorState {
  running: boolean;
  timers: NodeJS.Timeout[];
  handles: Map<string, Running>;
  following: boolean;
  /** Until when the periodic sweep runs (see SWEEP_AFTER_ACTIVITY_MS). */
  sweepUntil: number;
}

const g = globalThis as { __recordingSupervisor?: SupervisorState };
const state: SupervisorState = (g.__recordingSupervisor ??= {
  running: false,
  timers: [],
  handles: new Map(),
  following: false,
  sweepUntil: 0,
});

/** Recording work was seen: keep sweeping for a while (a recorder of this or another process may die). */
export function noteRecordingActivity() {
  state.sweepUntil = Date.now() + SWEEP_AFTER_ACTIVITY_MS;
}

/** Where recorders write their files before they are stored: beside the embedded database, on this disk. */
export function recordingWorkDir(): string {
  return path.join(path.dirname(path.resolve(env().PGLITE_DIR)), 'recordings-work');
}

const outputPathOf = (id: string) => path.join(recordingWorkDir(), `${id}.mp4`);

/** Starts this process's supervisor: recovery now, then the sweep, lease renewal and following. */
export function startSupervisor() {
  if (state.running) return;
  state.running = true;
  const every = (ms: number, fn: () => Promise<unknown>, what: string) => {
    const run = () => void fn().catch((err: unknown) => console.warn(`Recording supervisor: ${what}`, err));
    const timer = setInterval(run, ms);
    timer.unref();
    state.timers.push(timer);
    return run;
  };
  const sweepWhileActive = () =>
    state.handles.size > 0 || Date.now() < state.sweepUntil ? sweepRecordings() : Promise.resolve(0);
  every(SWEEP_MS, sweepWhileActive, 'could not sweep recordings');
  void sweepRecordings().catch((err: unknown) =>
    console.warn('Recording supervisor: could not sweep recordings', err),
  );
  every(LEASE_RENEW_MS, renewLeases, 'could not renew leases');
  every(FOLLOW_MS, followRows, 'could not follow recordings');
}

/** Stops the timers (tests); recorders already running carry on until they finish. */
export function stopSupervisor() {
  state.timers.forEach(clearInterval);
  state.timers = [];
  state.running = false;
}

/** The recorders this process runs now: each recording's id and its recorder's process id. */
export const runningRecordings = () => [...state.handles].map(([id, r]) => ({ id, pid: r.handle.pid }));

/**
 * Launches the recorders of rows just committed INVOKED by this process. A process without a running
 * supervisor launches nothing: the rows' leases run out and the sweep resolves them.
 */
export function launchRecordings(ids: string[]) {
  noteRecordingActivity();
  if (!state.running) return;
  for (const id of ids) {
    launch(id).catch(async (err: unknown) => {
      console.warn('Could not launch a recorder', err);
      const why = err instanceof Error ? err.message : String(err);
      await markRecordingErrored(id, `The recorder could not start: ${why}`).catch(() => undefined);
    });
  }
}

/** Looks at the rows of this process's recorders now rather than at the next tick (after a stop or pause). */
export function nudgeSupervisor() {
  noteRecordingActivity();
  if (state.running && state.handles.size > 0) setImmediate(() => void followRows().catch(() => undefined));
}

async function launch(id: string) {
  const d = await db();
  const [row] = await d
    .select()
    .from(recordings)
    .where(
      and(eq(recordings.id, id), eq(recordings.status, 'INVOKED'), eq(recordings.leaseOwner, instanceId())),
    );
  if (!row || state.handles.has(id)) return;
  if (row.backend === 'egress') return launchEgress(row);
  const { url, token } = await mintRecorderToken(id, row.meetingId);
  const outputPath = outputPathOf(id);
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  const handle = launchEmbeddedRecorder({
    livekitUrl: url,
    token,
    outputPath,
    maxSeconds: row.maxSeconds ?? undefined,
  });
  const running: Running = { handle, outputPath, stopping: false, paused: false, abandoned: false };
  state.handles.set(id, running);
  void follow(id, running);
}

/**
 * LiveKit Egress records in the media cluster, not here: the row keeps the egress id and where the file
 * will be, gives up this process's lease (egress webhooks move it from now on), and stays INVOKED until
 * the egress reports that it is active.
 */
async function launchEgress(row: Recording) {
  const storageKey = `${row.mainMeetingId}/${row.id}.mp4`;
  const { egressId } = await startEgressRecording(row.meetingId, storageKey);
  const d = await db();
  await d
    .update(recordings)
    .set({ egressId, storageKey, leaseOwner: null, leaseUntil: null, updatedAt: new Date() })
    .where(eq(recordings.id, row.id));
}

/** Asks LiveKit to stop the egresses of recordings stopped here or by a room closing (idempotent). */
export async function stopEgresses(rows: Array<Pick<Recording, 'backend' | 'egressId'>>) {
  for (const r of rows) {
    if (r.backend !== 'egress' || !r.egressId) continue;
    await stopEgressRecording(r.egressId).catch((err: unknown) =>
      console.warn('Could not stop a LiveKit egress', err),
    );
  }
}

const STOP_REASONS: Record<
  Exclude<Extract<RecorderEvent, { type: 'finished' }>['reason'], 'stopped'>,
  RecordingStopReason
> = {
  all_peers_left: { reason: 'ALL_PEERS_LEFT', message: 'Everyone left the room.' },
  max_duration: { reason: 'MAX_DURATION', message: 'The recording reached its max_seconds.' },
  parent_gone: {
    reason: 'INTERNAL_ERROR',
    message: 'The app process stopped while recording; the file holds what was recorded until then.',
  },
};

/** Moves the row along as its recorder reports, until the recorder ends. */
async function follow(id: string, r: Running) {
  let ended = false;
  try {
    for await (const ev of r.handle.events) {
      if (r.abandoned) continue;
      if (ev.type === 'started') await markRecordingStarted(id, ev.at);
      else if (ev.type === 'finished') {
        ended = true;
        const reason = ev.reason === 'stopped' ? { reason: 'API_CALL' as const } : STOP_REASONS[ev.reason];
        await markRecordingFinishing(id, reason);
        await storeFile(id, ev.path, ev.durationSeconds, ev.reason === 'stopped' ? undefined : reason);
      } else if (ev.type === 'failed') {
        ended = true;
        await salvage(id, r.outputPath, ev.message);
      }
    }
    if (!ended && !r.abandoned)
      await salvage(id, r.outputPath, 'The recorder stopped without finishing the file.');
  } catch (err) {
    console.warn('Recording supervisor: a recorder’s report could not be applied', err);
  } finally {
    state.handles.delete(id);
  }
}

/** Keeps what a failed recorder left, when it is playable; otherwise the recording is ERRORED with `message`. */
async function salvage(id: string, outputPath: string, message: string) {
  // The recorder's encoder may outlive it by a moment, flushing its last fragment: let the file rest first.
  await untilResting(`${outputPath}.part`);
  const kept = await recoverPartial(outputPath).catch(() => null);
  if (!kept) {
    removeLocal(outputPath);
    await markRecordingErrored(id, message);
    return;
  }
  const reason: RecordingStopReason = {
    reason: 'INTERNAL_ERROR',
    message: `${message} The file holds what was recorded until then.`,
  };
  await markRecordingFinishing(id, reason);
  await storeFile(id, outputPath, kept.durationSeconds, reason);
}

/** Waits until a file stops changing (one second without a change, at most SETTLING_MS in all). */
async function untilResting(file: string) {
  const look = () => (fs.existsSync(file) ? `${fs.statSync(file).size}:${fs.statSync(file).mtimeMs}` : '');
  const deadline = Date.now() + SETTLING_MS;
  let last = look();
  while (last && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = look();
    if (now === last) return;
    last = now;
  }
}

/** A name a person recognises: the room's title and when the recording was started. */
function fileNameOf(title: string, invoked: Date) {
  const safe =
    title
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'recording';
  return `${safe.slice(0, 80)}_${invoked.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.mp4`;
}

/**
 * Puts a finished file into the store under `<main meeting>/<recording>.mp4`, then marks the row
 * UPLOADED; a store that refuses (disk full, bucket unreachable) makes it ERRORED with that reason.
 */
async function storeFile(
  id: string,
  localPath: string,
  durationSeconds: number,
  reason?: RecordingStopReason,
) {
  const d = await db();
  const [row] = await d
    .select({ recording: recordings, title: meetings.title })
    .from(recordings)
    .innerJoin(meetings, eq(meetings.id, recordings.meetingId))
    .where(eq(recordings.id, id));
  if (!row) {
    removeLocal(localPath); // deleted with its meeting meanwhile
    return;
  }
  const key = `${row.recording.mainMeetingId}/${id}.mp4`;
  let bytes: number;
  try {
    ({ bytes } = await recordingStore().put(key, localPath, 'video/mp4'));
  } catch (err) {
    const why = err instanceof StorageError ? err.message : 'the storage failed unexpectedly.';
    if (!(err instanceof StorageError)) console.warn('Could not store a recording', err);
    removeLocal(localPath);
    await markRecordingErrored(id, `The recording could not be stored: ${why}`);
    return;
  }
  removeLocal(localPath);
  await markRecordingUploaded(
    id,
    {
      durationSeconds,
      bytes,
      outputFileName: fileNameOf(row.title, row.recording.invokedTime),
      storageKey: key,
    },
    reason,
  );
}

function removeLocal(outputPath: string) {
  for (const f of [outputPath, `${outputPath}.part`]) fs.rmSync(f, { force: true });
}

/** Brings each recorder of this process in line with its row: stop, pause, resume, or stop at max_seconds. */
async function followRows() {
  if (state.following || state.handles.size === 0) return;
  state.following = true;
  try {
    const d = await db();
    const rows = await d
      .select()
      .from(recordings)
      .where(inArray(recordings.id, [...state.handles.keys()]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [id, r] of state.handles) {
      const row = byId.get(id);
      if (!row || !isActiveStatus(row.status)) {
        if (!r.stopping) {
          r.stopping = true;
          r.handle.stop(row?.stoppedTime ?? undefined);
        }
      } else if (row.status === 'PAUSED' && !r.paused) {
        r.paused = true;
        r.handle.pause();
      } else if (row.status === 'RECORDING' && r.paused) {
        r.paused = false;
        r.handle.resume();
      } else if (pastMaxSeconds(row)) {
        await markRecordingFinishing(id, STOP_REASONS.max_duration);
      }
    }
  } finally {
    state.following = false;
  }
}

const pastMaxSeconds = (row: Recording) =>
  row.status === 'RECORDING' &&
  row.maxSeconds !== null &&
  row.startedTime !== null &&
  Date.now() > row.startedTime.getTime() + (row.maxSeconds + MAX_SECONDS_SLACK) * 1000;

/** Renews the leases of this process's recorders; a lease another process took means this one lets go. */
async function renewLeases() {
  const ids = [...state.handles.keys()];
  if (ids.length === 0) return;
  const d = await db();
  const renewed = await d
    .update(recordings)
    .set({ leaseUntil: new Date(Date.now() + LEASE_MS) })
    .where(
      and(
        inArray(recordings.id, ids),
        eq(recordings.leaseOwner, instanceId()),
        inArray(recordings.status, [...UNFINISHED_STATUSES]),
      ),
    )
    .returning({ id: recordings.id });
  const kept = new Set(renewed.map((r) => r.id));
  for (const id of ids) {
    const r = state.handles.get(id);
    if (!r || kept.has(id) || r.stopping) continue;
    r.abandoned = true;
    r.stopping = true;
    r.handle.stop();
  }
}

/**
 * Resolves every unfinished recording whose lease ran out (its process is gone): the file its recorder
 * left on this disk, finished or partial, is stored (INTERNAL_ERROR, saying the app restarted), or the
 * recording is ERRORED with a reason. Each row is claimed first, so two processes never resolve one twice.
 * Returns how many were resolved.
 */
export async function sweepRecordings(now = new Date()): Promise<number> {
  const d = await db();
  // Egress recordings have no process of ours to lose; a stop asked for (a room closed, say) is passed on.
  const stopping = await d
    .select({ backend: recordings.backend, egressId: recordings.egressId })
    .from(recordings)
    .where(and(eq(recordings.backend, 'egress'), eq(recordings.status, 'UPLOADING')));
  if (stopping.length > 0) noteRecordingActivity();
  await stopEgresses(stopping);
  const expired = and(
    eq(recordings.backend, 'embedded'),
    inArray(recordings.status, [...UNFINISHED_STATUSES]),
    or(isNull(recordings.leaseUntil), lt(recordings.leaseUntil, now)),
  );
  const due = await d.select({ id: recordings.id }).from(recordings).where(expired).limit(50);
  if (due.length > 0) noteRecordingActivity();
  let resolved = 0;
  for (const { id } of due) {
    const [claimed] = await d
      .update(recordings)
      .set({ leaseOwner: instanceId(), leaseUntil: new Date(now.getTime() + 4 * LEASE_MS) })
      .where(and(eq(recordings.id, id), expired))
      .returning();
    if (claimed && (await recoverRow(claimed, now))) resolved++;
  }
  return resolved;
}

async function recoverRow(row: Recording, now: Date): Promise<boolean> {
  const outputPath = outputPathOf(row.id);
  const part = `${outputPath}.part`;
  const settling = fs.existsSync(part) && now.getTime() - fs.statSync(part).mtimeMs < SETTLING_MS;
  if (settling) {
    // A recorder that outlived its app finishes the file on its own: look again once it rests.
    const d = await db();
    await d
      .update(recordings)
      .set({ leaseUntil: new Date(now.getTime() + SETTLING_MS) })
      .where(eq(recordings.id, row.id));
    return false;
  }
  const finishedCleanly = row.status === 'UPLOADING' && !fs.existsSync(part) && fs.existsSync(outputPath);
  const kept = await recoverPartial(outputPath).catch(() => null);
  if (!kept) {
    removeLocal(outputPath);
    await markRecordingErrored(
      row.id,
      row.status === 'INVOKED'
        ? 'The app restarted before the recorder started: nothing was recorded.'
        : 'The app restarted while recording and no file was left on this server: nothing could be kept.',
    );
    return true;
  }
  // A file the recorder had finished (stopped as asked) keeps its reason; a cut-short one says why.
  const reason: RecordingStopReason | undefined = finishedCleanly
    ? undefined
    : { reason: 'INTERNAL_ERROR', message: RESTART_MESSAGE };
  if (reason) await markRecordingFinishing(row.id, reason);
  await storeFile(row.id, outputPath, kept.durationSeconds, reason);
  return true;
}
