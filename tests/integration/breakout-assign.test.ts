import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { presence } from '@/db/schema';
import {
  api,
  cmPath,
  eventRows,
  everything,
  expectBreakoutRefusal,
  getState,
  newHost,
  type Host,
} from '../support/breakout';
import { addParticipant, createMeeting, list, ok, type ParticipantDto } from '../support/rest';

// Automatic assignment fills the hosts' shared draft through the same path as saving it; participant
// tags travel through the API, the state and the events.

let host: Host;
beforeAll(async () => {
  host = await newHost();
});

type Draft = { rooms: Array<{ key: string; title: string }>; assignments: Record<string, string> };

/** A main meeting with twelve people: three mentors, and named ones for the constraints. */
async function meeting() {
  const m = await createMeeting(host.key, { title: 'Workshop' });
  const ids: Record<string, string> = {};
  for (let i = 0; i < 12; i++) {
    const name = ['Ada', 'Ben', 'Cy', 'Dee'][i] ?? `Person ${i}`;
    const p = await addParticipant(host.key, m.id, {
      name,
      preset_name: 'participant',
      ...(i >= 9 ? { tags: ['Mentor'] } : {}),
    });
    ids[name] = p.id;
  }
  return { id: m.id, ids, mentors: Object.values(ids).slice(9) };
}
const assign = (meetingId: string, body: unknown) =>
  api<{ draft: Draft }>('POST', cmPath(meetingId, '/draft/assign'), { key: host.key, body });

describe('POST …/draft/assign', () => {
  it('fills the draft evenly with every constraint kept, as a draft_updated event, and answers it', async () => {
    const m = await meeting();
    const res = await assign(m.id, {
      mode: 'even',
      rooms: 3,
      shuffle: true,
      spread_tag: 'mentor',
      keep_apart: [[m.ids.Ada, m.ids.Ben]],
      keep_together: [[m.ids.Cy, m.ids.Dee]],
      include_absent: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const draft = res.body.data.draft;
    expect(draft.rooms.map((r) => r.title)).toEqual(['Room 1', 'Room 2', 'Room 3']);
    const a = draft.assignments;
    expect(Object.keys(a).sort()).toEqual(Object.values(m.ids).sort());
    const sizes = draft.rooms.map((r) => Object.values(a).filter((k) => k === r.key).length);
    expect(sizes).toEqual([4, 4, 4]);
    expect(new Set(m.mentors.map((id) => a[id])).size).toBe(3);
    expect(a[m.ids.Ada!]).not.toBe(a[m.ids.Ben!]);
    expect(a[m.ids.Cy!]).toBe(a[m.ids.Dee!]);
    // Saved as the shared draft, through the same event as a save.
    expect(await ok(200, 'GET', cmPath(m.id, '/draft'), { key: host.key })).toMatchObject({ draft });
    const last = (await eventRows(m.id)).at(-1)!;
    expect(last.type).toBe('draft_updated');
    expect(last.payload).toEqual({ draft });

    // N per room: as many rooms as needed, the draft's rooms kept and one added.
    const per = await assign(m.id, { mode: 'per_room', per_room: 3, include_absent: true });
    expect(per.status, JSON.stringify(per.body)).toBe(200);
    expect(per.body.data.draft.rooms.slice(0, 3)).toEqual(draft.rooms);
    expect(per.body.data.draft.rooms).toHaveLength(4);
    const perSizes = per.body.data.draft.rooms.map(
      (r) => Object.values(per.body.data.draft.assignments).filter((k) => k === r.key).length,
    );
    expect(perSizes).toEqual([3, 3, 3, 3]);
  });

  it('by default places only the people connected now', async () => {
    const m = await meeting();
    const d = await db();
    await d
      .insert(presence)
      .values({ participantId: m.ids.Ada!, room: m.id, connected: true, eventAt: new Date() });
    const res = await assign(m.id, { mode: 'even', rooms: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body.data.draft.assignments)).toEqual([m.ids.Ada]);
    expect(res.body.data.draft.rooms).toHaveLength(2);
  });

  it('refuses an impossible or malformed request in words, naming the field, and changes nothing', async () => {
    const m = await meeting();
    await ok(200, 'POST', cmPath(m.id, '/draft/assign'), {
      key: host.key,
      body: { mode: 'even', rooms: 2, include_absent: true },
    });
    const before = await everything();
    const cases: Array<[unknown, { status: number; code: string; field: string; mentions?: string }]> = [
      [
        {
          mode: 'even',
          rooms: 2,
          include_absent: true,
          keep_together: [[m.ids.Ada, m.ids.Ben]],
          keep_apart: [[m.ids.Ada, m.ids.Ben]],
        },
        {
          status: 400,
          code: 'invalid:constraints',
          field: 'keep_apart',
          mentions: 'Ada and Ben must be together and apart',
        },
      ],
      [
        { mode: 'even', rooms: 2, include_absent: true, keep_apart: [[m.ids.Ada, m.ids.Ben, m.ids.Cy]] },
        { status: 400, code: 'invalid:constraints', field: 'keep_apart', mentions: 'cannot fit in 2 rooms' },
      ],
      [
        { mode: 'even', rooms: 4, include_absent: true, keep_together: [Object.values(m.ids).slice(0, 4)] },
        {
          status: 400,
          code: 'invalid:constraints',
          field: 'keep_together',
          mentions: 'exceeds the room size 3',
        },
      ],
      [
        { mode: 'even', rooms: 2, keep_apart: [[m.ids.Ada, '3f0c5b8e-8a43-4c1e-9a55-2f7d1c3e9b10']] },
        { status: 404, code: 'not_found:participant', field: 'keep_apart' },
      ],
      [
        { mode: 'even', rooms: 2, keep_apart: [[m.ids.Ada, m.ids.Ben]] },
        { status: 400, code: 'invalid:constraints', field: 'keep_apart', mentions: 'not connected' },
      ],
      [
        { mode: 'even', rooms: 0 },
        { status: 400, code: 'invalid', field: 'rooms' },
      ],
      [
        { mode: 'per_room', rooms: 2 },
        { status: 400, code: 'invalid', field: 'per_room' },
      ],
      [
        { mode: 'sideways', rooms: 2 },
        { status: 400, code: 'invalid', field: 'mode' },
      ],
      [
        { mode: 'even', rooms: 101 },
        { status: 400, code: 'invalid', field: 'rooms' },
      ],
      [
        { mode: 'per_room', per_room: 0 },
        { status: 400, code: 'invalid', field: 'per_room' },
      ],
      [
        { mode: 'even', rooms: 2, spread_tag: 'x'.repeat(41) },
        { status: 400, code: 'invalid', field: 'spread_tag' },
      ],
    ];
    for (const [body, expected] of cases) expectBreakoutRefusal(await assign(m.id, body), expected);
    expect(await everything()).toBe(before);
  });
});

describe('participant tags', () => {
  it('are set and changed by the API, trimmed and unique without case, and shown in the state and events', async () => {
    const m = await createMeeting(host.key, { title: 'Tags' });
    const p = await addParticipant(host.key, m.id, {
      name: 'Ada',
      preset_name: 'participant',
      tags: [' Mentor ', 'mentor', 'lead'],
    });
    expect(p.tags).toEqual(['Mentor', 'lead']);
    const path = `/meetings/${m.id}/participants/${p.id}`;
    expect((await ok<ParticipantDto>(200, 'GET', path, { key: host.key })).tags).toEqual(['Mentor', 'lead']);
    const changed = await ok<ParticipantDto>(200, 'PATCH', path, {
      key: host.key,
      body: { tags: ['facilitator'] },
    });
    expect(changed.tags).toEqual(['facilitator']);
    expect((await list<ParticipantDto>(`/meetings/${m.id}/participants`, host.key)).data[0]!.tags).toEqual([
      'facilitator',
    ]);
    const state = await getState(host.key, m.id);
    expect(state.parent_meeting.participants[0]).toMatchObject({ id: p.id, tags: ['facilitator'] });
    const updated = (await eventRows(m.id)).filter((e) => e.type === 'participant_updated').at(-1)!;
    expect(updated.payload).toMatchObject({ participant: { id: p.id, tags: ['facilitator'] } });
    // A participant without tags has an empty list.
    const ben = await addParticipant(host.key, m.id, { name: 'Ben', preset_name: 'participant' });
    expect(ben.tags).toEqual([]);
    // Tags are the hosts' labels: a participant sees others' tags emptied (as their custom ids).
    const seen = await ok<{ parent_meeting: { participants: Array<{ id: string; tags: string[] }> } }>(
      200,
      'GET',
      cmPath(m.id),
      { key: ben.token },
    );
    expect(seen.parent_meeting.participants.find((x) => x.id === p.id)?.tags).toEqual([]);

    const before = await everything();
    const bad: Array<[unknown, string]> = [
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ tags: ['x'.repeat(41)] }, 'tags.0'],
      [{ tags: ['  '] }, 'tags.0'],
      [{ tags: 'mentor' }, 'tags'],
    ];
    for (const [body, field] of bad) {
      const res = await api('PATCH', path, { key: host.key, body });
      expectBreakoutRefusal(res, { status: 400, code: 'invalid', field });
    }
    expect(await everything()).toBe(before);
  });
});
