// The stream cap per credential holds across app instances: two processes on one PostgreSQL database
// share nothing but the database, where each open stream holds a lease row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS_PER_CREDENTIAL } from '@/lib/limits/policy';
import { newHost } from '../support/api';
import { addParticipant, createMeeting, openDatabase } from '../support/rest';
import { startInstance, type Instance } from '../support/spawn-instance';

const onPostgres = process.env.TEST_DB !== 'pglite';
let one: Instance | undefined;
let two: Instance | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  await openDatabase();
  [one, two] = await Promise.all([startInstance(), startInstance()]);
});

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
});

function openStream(instance: Instance, meetingId: string, token: string) {
  const aborted = new AbortController();
  return fetch(`${instance.url}/api/v1/meetings/${meetingId}/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: aborted.signal,
  }).then((res) => ({ res, close: () => aborted.abort() }));
}

describe('event stream cap across instances', () => {
  it.runIf(onPostgres)(
    'one participant token spread over two instances still holds at most the cap, and a closed stream frees its place on the other instance',
    async () => {
      const host = await newHost();
      const meeting = await createMeeting(host.key, { title: 'Two instances' });
      const seat = await addParticipant(host.key, meeting.id, {
        name: 'Many tabs',
        preset_name: 'participant',
      });
      const cap = STREAMS_PER_CREDENTIAL.participant;
      const open = [];
      for (let i = 0; i < cap; i++) {
        const s = await openStream(i % 2 ? two! : one!, meeting.id, seat.token);
        expect(s.res.status).toBe(200);
        open.push(s);
      }
      // Both instances refuse the next one, at once and in parallel.
      const [a, b] = await Promise.all([
        openStream(one!, meeting.id, seat.token),
        openStream(two!, meeting.id, seat.token),
      ]);
      for (const refused of [a, b]) {
        expect(refused.res.status).toBe(429);
        expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await refused.res.json()) as { error: { code: string } }).error.code).toBe(
          'rate_limited:streams',
        );
      }
      // A stream closed on instance 1 frees a place that instance 2 can give out.
      open.shift()!.close();
      await expect
        .poll(
          async () => {
            const again = await openStream(two!, meeting.id, seat.token);
            if (again.res.status === 200) open.push(again);
            else again.close();
            return again.res.status;
          },
          { timeout: 15_000, interval: 300 },
        )
        .toBe(200);
      const over = await openStream(one!, meeting.id, seat.token);
      expect(over.res.status).toBe(429);
      for (const s of open) s.close();
    },
  );
});
