import { describe, expect, it } from 'vitest';
import {
  api,
  cmPath,
  everything,
  expectBreakoutRefusal,
  expectInvariants,
  family,
  getState,
  hostMove,
  newHost,
} from '../support/breakout';
import { ok } from '../support/rest';

// "Let participants choose": a host opens choosing with seats per room; participants (even with the
// default preset, which cannot switch rooms) move themselves into a room with a seat; the seat is
// counted under the main meeting's lock, so racing picks fill each room exactly.

const selfSelect = (key: string, meetingId: string, body: unknown) =>
  api('PUT', cmPath(meetingId, '/self-select'), { key, body });
const pick = (token: string, meetingId: string, from: string, to: string, id: string) =>
  api('POST', cmPath(meetingId, '/move'), {
    key: token,
    body: { source_meeting_id: from, destination_meeting_id: to, participant_ids: [id] },
  });

describe('self-select', () => {
  it('50 participants racing for 5 rooms of 5 seats fill exactly 5 each; the other 25 get a 409 naming the room', async () => {
    const host = await newHost();
    const people = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, 'participant']));
    const f = await family(host, people, 5, 'Race');
    const opened = await selfSelect(host.key, f.meetingId, { enabled: true, capacity: 5 });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.data).toEqual({ self_select: { enabled: true, capacity: 5 } });

    // Everyone aims at room 3 first, as people do, then at a room of their own.
    const seats = Object.values(f.seats);
    const answers = await Promise.all(
      seats.map((s, i) => pick(s.token, f.meetingId, f.meetingId, f.rooms[i % 2 ? 2 : i % 5]!, s.id)),
    );
    const crashed = answers.filter((a) => a.status >= 500 || (a.status !== 200 && a.status !== 409));
    expect(crashed.map((a) => JSON.stringify(a.body))).toEqual([]);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(25);
    for (const r of refused) {
      expect(r.body.error?.code).toBe('conflict:room_full');
      expect(r.body.error?.message).toMatch(/^Room \d is full \(5 of 5\)\.$/);
    }
    expect(answers.filter((a) => a.status === 200).length).toBe(50 - refused.length);
    const room3 = refused.filter((r) => r.body.error?.message === 'Room 3 is full (5 of 5).');
    expect(room3.length).toBeGreaterThan(0);

    // The refused try again, all at once, each at every room in turn until one has a seat.
    let waiting = seats.filter((_, i) => answers[i]!.status === 409);
    for (let round = 0; round < 5 && waiting.length; round++) {
      const again = await Promise.all(
        waiting.map((s) => pick(s.token, f.meetingId, f.meetingId, f.rooms[round]!, s.id)),
      );
      expect(again.filter((a) => a.status !== 200 && a.status !== 409)).toEqual([]);
      waiting = waiting.filter((_, i) => again[i]!.status === 409);
    }
    const state = await getState(host.key, f.meetingId);
    expect(state.meetings.map((m) => m.participants.length)).toEqual([5, 5, 5, 5, 5]);
    expect(state.parent_meeting.participants).toHaveLength(25);
    expect(waiting).toHaveLength(25);
    await expectInvariants(f.meetingId, 'Race');
  });

  it('a participant may change their pick into a room with a seat; a full room refuses and nothing changes', async () => {
    const host = await newHost();
    const f = await family(host, { ana: 'participant', ben: 'participant', cat: 'participant' }, 2, 'Swap');
    const [r1, r2] = f.rooms as [string, string];
    const { ana, ben, cat } = f.seats as Record<string, { id: string; token: string }>;
    await ok(200, 'PUT', cmPath(f.meetingId, '/self-select'), {
      key: host.key,
      body: { enabled: true, capacity: 1 },
    });
    expect((await pick(ana!.token, f.meetingId, f.meetingId, r1, ana!.id)).status).toBe(200);
    expect((await pick(ana!.token, f.meetingId, r1, r2, ana!.id)).status).toBe(200);
    expect((await pick(ben!.token, f.meetingId, f.meetingId, r1, ben!.id)).status).toBe(200);
    const before = await everything();
    expectBreakoutRefusal(await pick(cat!.token, f.meetingId, f.meetingId, r2, cat!.id), {
      status: 409,
      code: 'conflict:room_full',
      mentions: 'Room 2 is full (1 of 1).',
      field: 'destination_meeting_id',
    });
    expect(await everything()).toBe(before);
    // A participant still moves nobody else, and choosing does not open the way back to the main meeting.
    expectBreakoutRefusal(await pick(cat!.token, f.meetingId, r1, r2, ben!.id), {
      status: 403,
      code: 'forbidden:connected_meetings',
    });
    expectBreakoutRefusal(await pick(ben!.token, f.meetingId, r1, f.meetingId, ben!.id), {
      status: 403,
      code: 'forbidden:connected_meetings',
    });
    // The host moves past the cap.
    await hostMove(host.key, f.meetingId, f.meetingId, r2, [cat!.id]);
    const state = await getState(host.key, f.meetingId);
    expect(state.meetings.map((m) => m.participants.map((p) => p.name))).toEqual([['ben'], ['ana', 'cat']]);
    expect(state.self_select).toEqual({ enabled: true, capacity: 1 });
    await expectInvariants(f.meetingId, 'Swap');
  });

  it('closed (or never opened) choosing refuses a participant’s own pick; no cap lets any number in; closing the last room closes choosing', async () => {
    const host = await newHost();
    const f = await family(host, { ana: 'participant', ben: 'participant' }, 1, 'Closed');
    const r1 = f.rooms[0]!;
    const { ana, ben } = f.seats as Record<string, { id: string; token: string }>;
    expectBreakoutRefusal(await pick(ana!.token, f.meetingId, f.meetingId, r1, ana!.id), {
      status: 403,
      code: 'forbidden:connected_meetings',
    });
    await ok(200, 'PUT', cmPath(f.meetingId, '/self-select'), { key: host.key, body: { enabled: true } });
    expect((await pick(ana!.token, f.meetingId, f.meetingId, r1, ana!.id)).status).toBe(200);
    expect((await pick(ben!.token, f.meetingId, f.meetingId, r1, ben!.id)).status).toBe(200);
    await ok(200, 'PUT', cmPath(f.meetingId, '/self-select'), {
      key: host.key,
      body: { enabled: false, capacity: null },
    });
    await hostMove(host.key, f.meetingId, r1, f.meetingId, [ben!.id]);
    expectBreakoutRefusal(await pick(ben!.token, f.meetingId, f.meetingId, r1, ben!.id), {
      status: 403,
      code: 'forbidden:connected_meetings',
    });
    await ok(200, 'PUT', cmPath(f.meetingId, '/self-select'), {
      key: host.key,
      body: { enabled: true, capacity: 3 },
    });
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), { key: host.key, body: {} });
    expect((await getState(host.key, f.meetingId)).self_select).toEqual({ enabled: false, capacity: null });
    await expectInvariants(f.meetingId, 'Closed');
  });

  it('bad input is a 400 naming the field; opening without rooms is a 409; participants without host powers cannot open it', async () => {
    const host = await newHost();
    const f = await family(host, { ana: 'participant' }, 0, 'Bad');
    const before = await everything();
    expectBreakoutRefusal(await selfSelect(host.key, f.meetingId, { enabled: true, capacity: 0 }), {
      status: 400,
      code: 'invalid',
      mentions: 'at least 1 seat per room',
      field: 'capacity',
    });
    expectBreakoutRefusal(await selfSelect(host.key, f.meetingId, { enabled: true, capacity: 1001 }), {
      status: 400,
      code: 'invalid',
      mentions: 'at most 1000',
      field: 'capacity',
    });
    expectBreakoutRefusal(await selfSelect(host.key, f.meetingId, { enabled: true, capacity: 2.5 }), {
      status: 400,
      code: 'invalid',
      field: 'capacity',
    });
    expectBreakoutRefusal(await selfSelect(host.key, f.meetingId, { enabled: 'yes' }), {
      status: 400,
      code: 'invalid',
      field: 'enabled',
    });
    expectBreakoutRefusal(await selfSelect(host.key, f.meetingId, { enabled: true, seats: 3 }), {
      status: 400,
      code: 'invalid',
    });
    expectBreakoutRefusal(await selfSelect(host.key, f.meetingId, { enabled: true, capacity: 3 }), {
      status: 409,
      code: 'conflict:no_open_rooms',
      mentions: 'open rooms first',
    });
    expectBreakoutRefusal(await selfSelect(f.seats.ana!.token, f.meetingId, { enabled: true }), {
      status: 403,
      code: 'forbidden:can_alter_connected_meetings',
    });
    expect(await everything()).toBe(before);
    // Setting what is already set changes nothing (no new version).
    const same = await selfSelect(host.key, f.meetingId, { enabled: false, capacity: null });
    expect(same.status).toBe(200);
    expect(await everything()).toBe(before);
  });
});
