import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { api, newHost } from '../support/api';
import {
  addParticipant,
  createMeeting,
  createPreset,
  expectRefused,
  list,
  ok,
  openDatabase,
  type ParticipantDto,
  type PresetDto,
} from '../support/rest';

beforeAll(openDatabase);

// Requests that race each other must still get a clear answer (never a 500), and leave a consistent state.
// Several API keys of one host, so the requests do not queue behind one key's last_used_at update.

async function hostWithKeys(n: number) {
  const host = await newHost();
  const keys = [host.key];
  while (keys.length < n) keys.push((await createApiKey(host.id, `key ${keys.length}`)).key);
  return { host, keys };
}

describe('simultaneous requests', () => {
  it('of several adds with one custom_participant_id, exactly one succeeds and the others get 409', async () => {
    const { keys } = await hostWithKeys(6);
    const meeting = await createMeeting(keys[0]!);
    const path = `/meetings/${meeting.id}/participants`;
    const body = { name: 'Twin', preset_name: 'participant', custom_participant_id: 'dup' };
    const answers = await Promise.all(keys.map((key) => api('POST', path, { key, body })));

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) {
      expectRefused(a, {
        status: 409,
        code: 'conflict:custom_participant_id',
        field: 'custom_participant_id',
      });
    }
    expect((await list<ParticipantDto>(path, keys[0]!)).paging.total_count).toBe(1);
  });

  it('of several presets renamed to one free name at once, one gets it and the others get 409', async () => {
    const { keys } = await hostWithKeys(6);
    const presets = [];
    for (let i = 0; i < keys.length; i++) presets.push(await createPreset(keys[0]!, { name: `draft ${i}` }));
    const answers = await Promise.all(
      presets.map((p, i) => api('PATCH', `/presets/${p.id}`, { key: keys[i], body: { name: 'final' } })),
    );

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) {
      expectRefused(a, { status: 409, code: 'conflict:preset_name', field: 'name' });
    }
    const names = (await list<PresetDto>('/presets?per_page=100', keys[0]!)).data.map((p) => p.name);
    expect(names.filter((n) => n === 'final')).toHaveLength(1);
  });

  it('deleting a preset while participants are added with it: clear answers, and nobody keeps a deleted preset', async () => {
    const { keys } = await hostWithKeys(6);
    const meeting = await createMeeting(keys[0]!);
    const path = `/meetings/${meeting.id}/participants`;
    for (let round = 0; round < 5; round++) {
      const preset = await createPreset(keys[0]!, { name: `race ${round}` });
      const [deleted, ...added] = await Promise.all([
        api('DELETE', `/presets/${preset.id}`, { key: keys[0] }),
        ...keys
          .slice(1)
          .map((key, i) =>
            api('POST', path, { key, body: { name: `P${round}.${i}`, preset_name: preset.name } }),
          ),
      ]);

      // The delete wins (adds after it find no such preset) or loses (the preset is in use).
      expect([200, 409]).toContain(deleted.status);
      for (const a of added) expect([201, 400]).toContain(a.status);
      const joined = added.filter((a) => a.status === 201).length;
      if (deleted.status === 200) {
        expect(joined).toBe(0);
        expectRefused(await api('GET', `/presets/${preset.id}`, { key: keys[0] }), {
          status: 404,
          code: 'not_found:preset',
        });
      } else {
        expect(joined).toBeGreaterThan(0);
        expectRefused(deleted, { status: 409, code: 'conflict:preset_in_use' });
      }
    }
  });

  it('moving a participant onto a preset being deleted: the move or the delete is refused, never both kept', async () => {
    const { keys } = await hostWithKeys(2);
    const meeting = await createMeeting(keys[0]!);
    for (let round = 0; round < 5; round++) {
      const preset = await createPreset(keys[0]!, { name: `target ${round}` });
      const person = await addParticipant(keys[0]!, meeting.id, {
        name: `M${round}`,
        preset_name: 'participant',
      });
      const [moved, deleted] = await Promise.all([
        api('PATCH', `/meetings/${meeting.id}/participants/${person.id}`, {
          key: keys[1],
          body: { preset_name: preset.name },
        }),
        api('DELETE', `/presets/${preset.id}`, { key: keys[0] }),
      ]);
      expect([moved.status, deleted.status].sort()).toEqual(moved.status === 200 ? [200, 409] : [200, 400]);
      const now = await ok<ParticipantDto>(200, 'GET', `/meetings/${meeting.id}/participants/${person.id}`, {
        key: keys[0],
      });
      expect(now.preset_name).toBe(moved.status === 200 ? preset.name : 'participant');
    }
  });
});
