// Restart recovery: an unfinished recording whose lease ran out lost its process (an app restart, a
// crash). The supervisor's sweep, at start-up and periodically, resolves it from what is on this disk: a
// partial file (here a real fragmented MP4 made by ffmpeg and torn mid-fragment, as a killed recorder
// leaves it) is finished and stored with INTERNAL_ERROR and a sentence saying so; with nothing on disk
// the recording is ERRORED with a reason a person can read. Nothing stays RECORDING forever.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { events, recordings } from '@/db/schema';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import type { RecordingDto } from '@/lib/recording/dto';
import { enforceConnections } from '@/lib/livekit/enforce';
import { recordingStore } from '@/lib/recording/storage';
import {
  RESTART_MESSAGE,
  recordingWorkDir,
  startSupervisor,
  stopSupervisor,
  sweepRecordings,
} from '@/lib/recording/supervisor';
import { family, newHost, type Host } from '../support/breakout';
import { ok, openDatabase } from '../support/rest';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'recordings-recovery-'));
let owner: Host;

beforeAll(async () => {
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: 'recoverykey',
    LIVEKIT_API_SECRET: 'recovery-media-secret-0123456789abcdef',
    RECORDINGS_DIR: path.join(scratch, 'store'),
  });
  // On PostgreSQL the embedded database's folder is unused; it still places the recorders' work folder.
  if (process.env.TEST_DB !== 'pglite') process.env.PGLITE_DIR = path.join(scratch, 'pglite');
  resetEnvCache();
  await openDatabase();
  owner = await newHost();
});
afterAll(async () => {
  await closeBus();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A recording started through the API, then left as a process that died mid-recording leaves it. */
async function orphaned(status: 'INVOKED' | 'RECORDING' | 'PAUSED' | 'UPLOADING') {
  const f = await family(owner, { ann: 'participant' }, 1);
  const rec = await ok<RecordingDto>(201, 'POST', '/recordings', {
    key: owner.key,
    body: { meeting_id: f.rooms[0] },
  });
  const d = await db();
  const past = new Date(Date.now() - 60_000);
  await d
    .update(recordings)
    .set({
      status,
      startedTime: status === 'INVOKED' ? null : past,
      leaseOwner: 'gone-host:4242:deadbeef',
      leaseUntil: new Date(Date.now() - 1000),
    })
    .where(eq(recordings.id, rec.id));
  return { rec, main: f.meetingId };
}

async function rowOf(id: string) {
  const d = await db();
  const [row] = await d.select().from(recordings).where(eq(recordings.id, id));
  return row!;
}

/** A fragmented MP4 (H.264 + AAC, 6 s in 1 s fragments) cut off inside its last fragment. */
function tornRecording(outputPath: string) {
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  const part = `${outputPath}.part`;
  const r = spawnSync(
    'ffmpeg',
    [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '6'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-c:a', 'aac'],
      ...['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1000000'],
      ...['-f', 'mp4', part],
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  const size = fs.statSync(part).size;
  fs.truncateSync(part, Math.floor(size * 0.8));
  // As old as a file nobody writes any more.
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(part, old, old);
}

function probeSeconds(file: string) {
  const r = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  const j = JSON.parse(r.stdout) as { format: { duration: string }; streams: Array<{ codec_type: string }> };
  return { seconds: Number(j.format.duration), kinds: j.streams.map((s) => s.codec_type).sort() };
}

async function recordingEvents(main: string, id: string) {
  const d = await db();
  const rows = await d
    .select()
    .from(events)
    .where(and(eq(events.mainMeetingId, main), eq(events.type, 'recording_updated')))
    .orderBy(asc(events.id));
  return rows.map((r) => (r.payload as { recording: RecordingDto }).recording).filter((r) => r.id === id);
}

describe('restart recovery', () => {
  it('stores what a dead recorder left, as INTERNAL_ERROR saying the app restarted', async () => {
    const { rec, main } = await orphaned('RECORDING');
    const outputPath = path.join(recordingWorkDir(), `${rec.id}.mp4`);
    tornRecording(outputPath);

    expect(await sweepRecordings()).toBeGreaterThanOrEqual(1);
    const row = await rowOf(rec.id);
    expect(row).toMatchObject({
      status: 'UPLOADED',
      stopReason: { reason: 'INTERNAL_ERROR', message: RESTART_MESSAGE },
      leaseOwner: null,
    });
    expect(row.durationSeconds).toBeGreaterThanOrEqual(3);
    expect(row.durationSeconds).toBeLessThanOrEqual(6);
    expect(row.outputFileName).toMatch(/^Room-1_.*\.mp4$/);
    expect(row.stoppedTime).not.toBeNull();

    // The stored file is whole and playable: both streams, the length recorded.
    const stored = await recordingStore().get(row.storageKey!);
    expect(stored?.size).toBe(row.fileSize);
    const copy = path.join(scratch, `${rec.id}-copy.mp4`);
    fs.writeFileSync(copy, Buffer.from(await new Response(stored!.body).arrayBuffer()));
    const probed = probeSeconds(copy);
    expect(probed.kinds).toEqual(['audio', 'video']);
    expect(Math.abs(probed.seconds - row.durationSeconds!)).toBeLessThanOrEqual(1);
    // Nothing is left behind in the work folder.
    expect(fs.existsSync(outputPath) || fs.existsSync(`${outputPath}.part`)).toBe(false);

    // The room and the hosts were told: UPLOADING, then UPLOADED.
    const told = await recordingEvents(main, rec.id);
    expect(told.map((r) => r.status)).toEqual(['INVOKED', 'UPLOADING', 'UPLOADED']);
    expect(told.at(-1)!.download_url).toContain(`/api/v1/recording-files/${rec.id}`);

    const dto = await ok<RecordingDto>(200, 'GET', `/recordings/${rec.id}`, { key: owner.key });
    expect(dto).toMatchObject({ status: 'UPLOADED', file_size: row.fileSize });
    expect(dto.download_url).not.toBeNull();
    expect(Date.parse(dto.download_url_expiry!)).toBeGreaterThan(Date.now());
    // ffmpeg encodes the torn file, the sweep remuxes and uploads it, ffprobe reads the copy: 3 s on
    // PGlite with the machine to itself, past 30 s on the Neon driver once the whole suite saturated it.
  }, 90_000);

  it('with nothing on disk, the recording is ERRORED with a reason; an INVOKED one says it never started', async () => {
    const recording = await orphaned('RECORDING');
    const invoked = await orphaned('INVOKED');
    await sweepRecordings();
    const a = await rowOf(recording.rec.id);
    expect(a).toMatchObject({ status: 'ERRORED', stopReason: { reason: 'INTERNAL_ERROR' } });
    expect(a.error).toMatch(/restarted while recording/);
    const b = await rowOf(invoked.rec.id);
    expect(b.status).toBe('ERRORED');
    expect(b.error).toMatch(/before the recorder started/);
    // Resolved rows free their room: a new recording may start.
    await ok(201, 'POST', '/recordings', { key: owner.key, body: { meeting_id: recording.rec.meeting_id } });
  });

  it('leaves alone a recording whose process still holds its lease, and a file still being written', async () => {
    const f = await family(owner, { ann: 'participant' }, 1);
    const live = await ok<RecordingDto>(201, 'POST', '/recordings', {
      key: owner.key,
      body: { meeting_id: f.rooms[0] },
    });
    const settling = await orphaned('RECORDING');
    const outputPath = path.join(recordingWorkDir(), `${settling.rec.id}.mp4`);
    tornRecording(outputPath);
    const now = new Date();
    fs.utimesSync(`${outputPath}.part`, now, now);

    await sweepRecordings();
    expect((await rowOf(live.id)).status).toBe('INVOKED');
    expect((await rowOf(settling.rec.id)).status).toBe('RECORDING');
    // Once the file rests, the next sweep stores it.
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${outputPath}.part`, old, old);
    await sweepRecordings(new Date(Date.now() + 20_000));
    expect((await rowOf(settling.rec.id)).status).toBe('UPLOADED');
  });
});

describe('storage refusing the file', () => {
  it("is ERRORED with the store's reason, and the app carries on", async () => {
    const { rec } = await orphaned('RECORDING');
    tornRecording(path.join(recordingWorkDir(), `${rec.id}.mp4`));
    // A "folder" that is a file: every write into it fails, as on a full or read-only disk.
    const blocked = path.join(scratch, 'not-a-folder');
    fs.writeFileSync(blocked, 'x');
    const before = process.env.RECORDINGS_DIR;
    process.env.RECORDINGS_DIR = blocked;
    resetEnvCache();
    try {
      await sweepRecordings();
    } finally {
      process.env.RECORDINGS_DIR = before;
      resetEnvCache();
    }
    const row = await rowOf(rec.id);
    expect(row.status).toBe('ERRORED');
    expect(row.error).toMatch(/^The recording could not be stored: \S/);
    // Another recording of the same room starts and is served as before.
    await ok(201, 'POST', '/recordings', { key: owner.key, body: { meeting_id: rec.meeting_id } });
  });
});

describe('at start-up', () => {
  it('the supervisor resolves what the previous process left, without being asked', async () => {
    const { rec, main } = await orphaned('PAUSED');
    const outputPath = path.join(recordingWorkDir(), `${rec.id}.mp4`);
    tornRecording(outputPath);
    startSupervisor();
    try {
      await expect.poll(async () => (await rowOf(rec.id)).status, { timeout: 30_000 }).toBe('UPLOADED');
    } finally {
      stopSupervisor();
    }
    expect((await rowOf(rec.id)).stopReason?.message).toBe(RESTART_MESSAGE);
    expect((await recordingEvents(main, rec.id)).at(-1)?.status).toBe('UPLOADED');
  });
});

describe('the recorder identity at admission', () => {
  it('is admitted while its recording is unfinished in that room; a leftover recorder is removed', async () => {
    const { rec } = await orphaned('RECORDING');
    const room = rec.meeting_id;
    const recorder = `recorder-${rec.id}`;
    // The media server is a closed port here: a removal is attempted (and counted), then only logged.
    expect(await enforceConnections([{ room, identity: recorder, tracks: [] }])).toEqual({
      removed: 0,
      refusedTracks: 0,
    });
    // In another room, or under a made-up recording id, it is not admitted.
    expect(
      (await enforceConnections([{ room: rec.main_meeting_id, identity: recorder, tracks: [] }])).removed,
    ).toBe(1);
    expect(
      (await enforceConnections([{ room, identity: `recorder-${crypto.randomUUID()}`, tracks: [] }])).removed,
    ).toBe(1);
    // Once the recording is resolved, the recorder has no business in the room any more.
    await sweepRecordings();
    expect((await rowOf(rec.id)).status).toBe('ERRORED');
    expect((await enforceConnections([{ room, identity: recorder, tracks: [] }])).removed).toBe(1);
  });
});
