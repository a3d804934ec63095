import { beforeAll, expect, it } from 'vitest';
import { cleanUp, inventory, leftBehind, type Send } from '@/scripts/verify-cleanup';
import { api, newHost } from '../support/api';
import { family } from '../support/breakout';
import { createPreset, openDatabase } from '../support/rest';

// The deployment verifier's cleanup, run on what a suite run makes in an account that already holds
// things of its own: afterwards only what was there before is left, untouched.

beforeAll(openDatabase);

it('removes every preset, participant and room the run made, ends its meetings, and keeps the rest', async () => {
  const host = await newHost();
  const send: Send = (method, path, body) => api(method, path, { key: host.key, body });
  const own = await family(host, { Owner: 'host' }, 1, 'Kept');
  await createPreset(host.key, { name: 'kept-preset' });
  const before = await inventory(send);

  await createPreset(host.key, { name: 'run-preset' });
  const made = await family(host, { Ada: 'run-preset', Ben: 'participant' }, 2, 'Made by the run');
  await family(host, { Cy: 'participant' }, 0, 'Another');
  expect(await leftBehind(send, before)).not.toEqual([]);

  const report = await cleanUp(send, before);
  expect(report).toMatchObject({ meetings: 2, participants: 3, rooms: 2, presets: 1, leftBehind: [] });
  expect(await leftBehind(send, before)).toEqual([]);
  expect((await inventory(send)).presets).toEqual(before.presets);
  const gone = await api('GET', `/meetings/${made.meetingId}/participants`, { key: host.key });
  expect(gone.body.data).toEqual([]);

  // What the account held before is as it was.
  const kept = await api('GET', `/meetings/${own.meetingId}`, { key: host.key });
  expect(kept.body.data.status).toBe('ACTIVE');
  const keptPeople = await api('GET', `/meetings/${own.meetingId}/participants`, { key: host.key });
  expect(keptPeople.body.data).toHaveLength(1);
  const keptRooms = await api('GET', `/meetings/${own.meetingId}/connected-meetings`, { key: host.key });
  expect(keptRooms.body.data.meetings).toHaveLength(1);
});
