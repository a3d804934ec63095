import { beforeAll, describe, expect, it } from 'vitest';
import { api, newHost } from '../support/api';
import {
  addParticipant,
  createMeeting,
  createPreset,
  dbState,
  expectRefused,
  list,
  type MeetingDto,
  ok,
  openDatabase,
  type ParticipantDto,
  type PresetDto,
  type RequestOptions,
} from '../support/rest';

beforeAll(openDatabase);

// Host A owns a preset, a meeting and a participant; host B has their own meeting. B's key must not be
// able to see or touch anything of A's: every such request is "not found", exactly as for a made-up id.
interface World {
  a: { key: string; preset: PresetDto; meeting: MeetingDto; participant: ParticipantDto };
  b: { key: string; meeting: MeetingDto };
}
let w: World;

beforeAll(async () => {
  const hostA = await newHost();
  const hostB = await newHost();
  const preset = await createPreset(hostA.key, { name: 'a-secret-preset' });
  const meeting = await createMeeting(hostA.key, { title: 'A private meeting' });
  const participant = await addParticipant(hostA.key, meeting.id, {
    name: 'A person',
    preset_name: 'a-secret-preset',
    custom_participant_id: 'a-1',
  });
  w = {
    a: { key: hostA.key, preset, meeting, participant },
    b: { key: hostB.key, meeting: await createMeeting(hostB.key, { title: 'B meeting' }) },
  };
});

const aParticipant = () => `/meetings/${w.a.meeting.id}/participants/${w.a.participant.id}`;
const viaBMeeting = () => `/meetings/${w.b.meeting.id}/participants/${w.a.participant.id}`;

const cases: Array<[string, string, () => string, RequestOptions['body']?]> = [
  ['GET A preset', 'GET', () => `/presets/${w.a.preset.id}`],
  ['PATCH A preset name', 'PATCH', () => `/presets/${w.a.preset.id}`, { name: 'stolen' }],
  [
    'PATCH A preset permissions',
    'PATCH',
    () => `/presets/${w.a.preset.id}`,
    { permissions: { can_record: true } },
  ],
  ['DELETE A preset', 'DELETE', () => `/presets/${w.a.preset.id}`],
  ['GET A meeting', 'GET', () => `/meetings/${w.a.meeting.id}`],
  [
    'PATCH A meeting',
    'PATCH',
    () => `/meetings/${w.a.meeting.id}`,
    { title: 'Hijacked', status: 'INACTIVE' },
  ],
  ['list A meeting participants', 'GET', () => `/meetings/${w.a.meeting.id}/participants`],
  [
    'add a participant to A meeting',
    'POST',
    () => `/meetings/${w.a.meeting.id}/participants`,
    { name: 'Intruder', preset_name: 'participant' },
  ],
  ['GET A participant', 'GET', aParticipant],
  ['PATCH A participant', 'PATCH', aParticipant, { name: 'Renamed by B' }],
  ['DELETE A participant', 'DELETE', aParticipant],
  ['new token for A participant', 'POST', () => `${aParticipant()}/token`],
  ['read the link of A participant', 'GET', () => `${aParticipant()}/token`],
  ['GET A participant through B meeting', 'GET', viaBMeeting],
  ['PATCH A participant through B meeting', 'PATCH', viaBMeeting, { name: 'Renamed by B' }],
  ['DELETE A participant through B meeting', 'DELETE', viaBMeeting],
  ['new token for A participant through B meeting', 'POST', () => `${viaBMeeting()}/token`],
  ['read the link of A participant through B meeting', 'GET', () => `${viaBMeeting()}/token`],
];

describe("another host's key", () => {
  it.each(cases)('cannot %s: 404 and nothing changes', async (_label, method, path, body) => {
    const before = await dbState();
    const res = await api(method, path(), { key: w.b.key, ...(body === undefined ? {} : { body }) });
    expectRefused(res, { status: 404, code: /^not_found:(preset|meeting|participant)$/ });
    expect(await dbState()).toBe(before);
  });

  it("answers exactly as for an id that does not exist, so it cannot tell A's ids exist", async () => {
    const madeUp = '3f0c5b8e-8a43-4c1e-9a55-2f7d1c3e9b10';
    const real = await api('GET', `/meetings/${w.a.meeting.id}`, { key: w.b.key });
    const fake = await api('GET', `/meetings/${madeUp}`, { key: w.b.key });
    expect(real).toEqual(fake);
  });

  it("B's preset list never shows A's presets", async () => {
    const { data } = await list<PresetDto>('/presets?per_page=100', w.b.key);
    expect(data.map((p) => p.name).sort()).toEqual(['host', 'participant']);
    const aIds = (await list<PresetDto>('/presets?per_page=100', w.a.key)).data.map((p) => p.id);
    expect(data.map((p) => p.id).filter((id) => aIds.includes(id))).toEqual([]);
  });

  it("B's meeting list never shows A's meetings, even searching by A's title or exact id", async () => {
    const all = await list<MeetingDto>('/meetings', w.b.key);
    expect(all.data.map((m) => m.id)).toEqual([w.b.meeting.id]);
    expect(all.paging.total_count).toBe(1);
    for (const search of [w.a.meeting.id, 'private']) {
      const found = await list<MeetingDto>(`/meetings?search=${search}`, w.b.key);
      expect(found.data).toEqual([]);
      expect(found.paging.total_count).toBe(0);
    }
  });

  it("B cannot use A's preset by name: B's own presets are the only ones B's participants can get", async () => {
    const res = await api('POST', `/meetings/${w.b.meeting.id}/participants`, {
      key: w.b.key,
      body: { name: 'Someone', preset_name: 'a-secret-preset' },
    });
    expectRefused(res, { status: 400, code: 'invalid:preset_name', field: 'preset_name' });
  });

  it("A still sees everything of A's unchanged after B's attempts", async () => {
    expect(await ok<PresetDto>(200, 'GET', `/presets/${w.a.preset.id}`, { key: w.a.key })).toEqual(
      w.a.preset,
    );
    expect(await ok<MeetingDto>(200, 'GET', `/meetings/${w.a.meeting.id}`, { key: w.a.key })).toEqual(
      w.a.meeting,
    );
    const people = await list<ParticipantDto>(`/meetings/${w.a.meeting.id}/participants`, w.a.key);
    expect(people.data.map((p) => [p.id, p.name])).toEqual([[w.a.participant.id, 'A person']]);
  });
});
