// Two app instances on one PostgreSQL database, each its own process with its own event bus and LISTEN
// connection. Nothing is shared between them but the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiKeys, revokeApiKey } from '@/lib/auth/api-keys';
import { newHost } from '../support/api';
import { SseReader, waitFor } from '../support/sse';
import { startInstance, type Instance } from '../support/spawn-instance';

const onPostgres = process.env.TEST_DB !== 'pglite';
let one: Instance | undefined;
let two: Instance | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  [one, two] = await Promise.all([startInstance(), startInstance()]);
});

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
});

async function call<T>(instance: Instance, method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`${instance.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as { success: boolean; data: T; error?: unknown };
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.error)}`);
  return json.data;
}

describe('two app instances on one PostgreSQL', () => {
  it.runIf(onPostgres)(
    'a host on instance 1 moves a participant subscribed on instance 2, and the participant receives the event',
    async () => {
      const host = await newHost();
      const meeting = await call<{ id: string }>(one!, 'POST', '/meetings', host.key, {
        title: 'Two instances',
      });
      const seat = await call<{ id: string; token: string }>(
        one!,
        'POST',
        `/meetings/${meeting.id}/participants`,
        host.key,
        { name: 'Grace', preset_name: 'participant' },
      );

      // The participant follows the meeting on instance 2, with their own token.
      const aborted = new AbortController();
      const res = await fetch(`${two!.url}/api/v1/meetings/${meeting.id}/events`, {
        headers: { authorization: `Bearer ${seat.token}` },
        signal: aborted.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const stream = new SseReader(res.body!);
      expect((await stream.next(10_000)).event).toBe('snapshot');

      // The host works on instance 1 only.
      const created = await call<{ meetings: Array<{ id: string }> }>(
        one!,
        'POST',
        `/meetings/${meeting.id}/connected-meetings`,
        host.key,
        { meetings: [{ title: 'Room 1' }] },
      );
      const room = created.meetings[0]!.id;
      expect((await stream.next(5000)).event).toBe('meetings_created');

      const started = performance.now();
      await call(one!, 'POST', `/meetings/${meeting.id}/connected-meetings/move`, host.key, {
        source_meeting_id: meeting.id,
        destination_meeting_id: room,
        participant_ids: [seat.id],
      });
      const event = await stream.next(5000);
      const latency = performance.now() - started;
      expect(event.event).toBe('participants_moved');
      const data = JSON.parse(event.data) as {
        payload: { destination_meeting_id: string; participants: Array<{ id: string }> };
      };
      expect(data.payload.destination_meeting_id).toBe(room);
      expect(data.payload.participants.map((p) => p.id)).toEqual([seat.id]);
      // Far below the 30 s safety sweep: the wake-up came through LISTEN/NOTIFY.
      expect(latency).toBeLessThan(2000);

      // Instance 2 answers from the database, not from anything it remembers.
      const state = await call<{ meetings: Array<{ id: string; participants: Array<{ id: string }> }> }>(
        two!,
        'GET',
        `/meetings/${meeting.id}/connected-meetings`,
        seat.token,
      );
      expect(state.meetings.find((m) => m.id === room)?.participants.map((p) => p.id)).toEqual([seat.id]);

      aborted.abort();
      await stream.close();
    },
    60_000,
  );

  it.runIf(onPostgres)(
    'replacing a link on instance 1, or revoking a key from another process, closes the streams they opened on instance 2 within a second',
    async () => {
      const host = await newHost();
      const meeting = await call<{ id: string }>(one!, 'POST', '/meetings', host.key, { title: 'Revoke' });
      const seat = await call<{ id: string; token: string }>(
        one!,
        'POST',
        `/meetings/${meeting.id}/participants`,
        host.key,
        { name: 'Lin', preset_name: 'participant' },
      );
      const open = async (credential: string) => {
        const res = await fetch(`${two!.url}/api/v1/meetings/${meeting.id}/events`, {
          headers: { authorization: `Bearer ${credential}` },
        });
        expect(res.status).toBe(200);
        const stream = new SseReader(res.body!);
        expect((await stream.next(10_000)).event).toBe('snapshot');
        return stream;
      };
      const participant = await open(seat.token);
      const owner = await open(host.key);

      let started = performance.now();
      await call(one!, 'POST', `/meetings/${meeting.id}/participants/${seat.id}/token`, host.key);
      await waitFor(() => participant.ended, 5000, 'the participant stream to close');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(owner.ended).toBe(false);

      started = performance.now();
      await revokeApiKey(host.id, (await listApiKeys(host.id))[0]!.id);
      await waitFor(() => owner.ended, 5000, 'the key stream to close');
      expect(performance.now() - started).toBeLessThan(1000);
    },
    60_000,
  );
});
