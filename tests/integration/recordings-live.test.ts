// Recording on real parts, through the app's own supervisor: a LiveKit server of the test's own, people
// publishing with @livekit/rtc-node, the embedded recorder process launched after the start commits, and
// the stored file decoded with ffprobe. The status moves INVOKED → RECORDING → (PAUSED → RECORDING) →
// UPLOADING → UPLOADED; a room closed while recording keeps its file (ROOM_CLOSED); a recorder killed
// mid-recording leaves a file that is kept (INTERNAL_ERROR); the recorder's hidden identity is admitted
// by the enforcement that removes any identity without a seat.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { recordings } from '@/db/schema';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import { enforceConnections, listConnections } from '@/lib/livekit/enforce';
import type { RecordingDto } from '@/lib/recording/dto';
import { recordingStore } from '@/lib/recording/storage';
import { runningRecordings, startSupervisor, stopSupervisor } from '@/lib/recording/supervisor';
import { LOCAL_LIVEKIT } from '../../scripts/livekit';
import { cmPath, family, hostMove, newHost, type Host } from '../support/breakout';
import { MediaServer, SyntheticPublisher } from '../support/media-stack';
import { ok, openDatabase } from '../support/rest';

// Ports 7970–7974 belong to this file (UDP on port + 1); one per database kind, as the projects may run at once.
const PORT = { pglite: 7970, pg: 7972, neon: 7974 }[process.env.TEST_DB ?? 'pglite'] ?? 7970;
const server = new MediaServer(PORT);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'recordings-live-'));
const people: SyntheticPublisher[] = [];
let owner: Host;

beforeAll(async () => {
  await server.start();
  Object.assign(process.env, {
    LIVEKIT_URL: server.url,
    LIVEKIT_API_KEY: LOCAL_LIVEKIT.apiKey,
    LIVEKIT_API_SECRET: LOCAL_LIVEKIT.apiSecret,
    RECORDINGS_DIR: path.join(scratch, 'store'),
  });
  if (process.env.TEST_DB !== 'pglite') process.env.PGLITE_DIR = path.join(scratch, 'pglite');
  resetEnvCache();
  await openDatabase();
  owner = await newHost();
  startSupervisor();
}, 90_000);

afterAll(async () => {
  stopSupervisor();
  await Promise.all(people.map((p) => p.leave()));
  server.stop();
  await closeBus();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const LOOKS = [
  { rgb: [220, 30, 30] as [number, number, number], toneHz: 440 },
  { rgb: [30, 30, 220] as [number, number, number], toneHz: 660 },
];

/** A person in a media room, publishing camera and microphone under their seat's identity. */
async function join(room: string, identity: string, look = 0) {
  const p = await SyntheticPublisher.join(server.url, await server.personToken(room, identity), LOOKS[look]!);
  people.push(p);
  return p;
}

async function rowOf(id: string) {
  const d = await db();
  const [row] = await d.select().from(recordings).where(eq(recordings.id, id));
  return row;
}

/** Waits for a recording to reach a status (the recorder is a process of its own: this takes seconds). */
async function reach(id: string, status: string, timeout = 90_000) {
  await expect.poll(async () => (await rowOf(id))?.status, { timeout, interval: 250 }).toBe(status);
  return (await rowOf(id))!;
}

async function storedFile(key: string) {
  const stored = await recordingStore().get(key);
  expect(stored).not.toBeNull();
  const file = path.join(scratch, `${path.basename(key)}`);
  fs.writeFileSync(file, Buffer.from(await new Response(stored!.body).arrayBuffer()));
  const r = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as { format: { duration: string }; streams: Array<{ codec_type: string }> };
  return { seconds: Number(j.format.duration), kinds: j.streams.map((s) => s.codec_type).sort() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('recording a room on real parts', () => {
  it('goes INVOKED → RECORDING → PAUSED → RECORDING → UPLOADING → UPLOADED, and the file plays', async () => {
    const f = await family(owner, { ann: 'participant' }, 1);
    const room = f.rooms[0]!;
    await hostMove(owner.key, f.meetingId, f.meetingId, room, [f.seats.ann!.id]);
    await join(room, f.seats.ann!.id);

    const rec = await ok<RecordingDto>(201, 'POST', '/recordings', {
      key: owner.key,
      body: { meeting_id: room },
    });
    expect(rec.status).toBe('INVOKED');
    const recording = await reach(rec.id, 'RECORDING');
    expect(recording.startedTime).not.toBeNull();
    expect(runningRecordings().map((r) => r.id)).toContain(rec.id);

    // The recorder is in the media room, hidden, and the seat enforcement leaves it there.
    const lk = new RoomServiceClient(
      server.url.replace(/^ws/, 'http'),
      LOCAL_LIVEKIT.apiKey,
      LOCAL_LIVEKIT.apiSecret,
    );
    const identities = async () => (await lk.listParticipants(room)).map((p) => p.identity);
    await expect.poll(identities, { timeout: 20_000 }).toContain(`recorder-${rec.id}`);
    const { removed } = await enforceConnections(await listConnections());
    expect(removed).toBe(0);
    expect(await identities()).toContain(`recorder-${rec.id}`);

    await sleep(2000);
    await ok(200, 'PUT', `/recordings/${rec.id}`, { key: owner.key, body: { action: 'pause' } });
    await sleep(1500);
    await ok(200, 'PUT', `/recordings/${rec.id}`, { key: owner.key, body: { action: 'resume' } });
    await sleep(2000);
    const stopAt = Date.now();
    const stopped = await ok<RecordingDto>(200, 'PUT', `/recordings/${rec.id}`, {
      key: owner.key,
      body: { action: 'stop' },
    });
    expect(stopped.status).toBe('UPLOADING');
    const done = await reach(rec.id, 'UPLOADED');
    expect(done.stopReason).toMatchObject({ reason: 'API_CALL' });
    expect(done.fileSize).toBeGreaterThan(0);
    const file = await storedFile(done.storageKey!);
    expect(file.kinds).toEqual(['audio', 'video']);
    expect(Math.abs(file.seconds - done.durationSeconds!)).toBeLessThanOrEqual(1);
    // Recorded time: from the start to the stop, less the pause (the recorder leaves paused time out).
    const recorded = (stopAt - recording.startedTime!.getTime()) / 1000;
    expect(file.seconds).toBeGreaterThan(recorded - 1.5 - 2.5);
    expect(file.seconds).toBeLessThan(recorded + 1.5);
    // The recorder has left the media room.
    await expect.poll(identities, { timeout: 20_000 }).not.toContain(`recorder-${rec.id}`);
  });

  it('a room deleted while recording keeps its file, stopped with ROOM_CLOSED', async () => {
    const f = await family(owner, { bo: 'participant' }, 1);
    const room = f.rooms[0]!;
    await hostMove(owner.key, f.meetingId, f.meetingId, room, [f.seats.bo!.id]);
    await join(room, f.seats.bo!.id, 1);
    const rec = await ok<RecordingDto>(201, 'POST', '/recordings', {
      key: owner.key,
      body: { meeting_id: room },
    });
    await reach(rec.id, 'RECORDING');
    await sleep(3000);
    await ok(200, 'DELETE', cmPath(f.meetingId), { key: owner.key, body: { meeting_ids: [room] } });
    const done = await reach(rec.id, 'UPLOADED');
    expect(done.stopReason).toMatchObject({ reason: 'ROOM_CLOSED' });
    const file = await storedFile(done.storageKey!);
    expect(file.kinds).toEqual(['audio', 'video']);
    expect(file.seconds).toBeGreaterThan(1.5);
  });

  it('a recorder killed mid-recording leaves a file that is kept, as INTERNAL_ERROR with a reason', async () => {
    const f = await family(owner, { cy: 'participant' }, 0);
    await join(f.meetingId, f.seats.cy!.id);
    const rec = await ok<RecordingDto>(201, 'POST', '/recordings', {
      key: owner.key,
      body: { meeting_id: f.meetingId },
    });
    await reach(rec.id, 'RECORDING');
    await sleep(4000);
    const running = runningRecordings().find((r) => r.id === rec.id);
    expect(running).toBeDefined();
    process.kill(running!.pid, 'SIGKILL');
    const done = await reach(rec.id, 'UPLOADED');
    expect(done.stopReason).toMatchObject({ reason: 'INTERNAL_ERROR' });
    expect(done.stopReason?.message).toMatch(/\S/);
    const file = await storedFile(done.storageKey!);
    expect(file.kinds).toContain('video');
    expect(file.seconds).toBeGreaterThan(1);
  });
});
