import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  asCookie,
  cmPath,
  everything,
  expectBreakoutRefusal,
  expectInvariants,
  family,
  getState,
  hostMove,
  newHost,
  type Seat,
} from '../support/breakout';
import { deliverJoined, useMediaKeys } from '../support/media-webhook';
import { ok } from '../support/rest';

// Late joiners, rule by rule: the plan's seat; waiting in the main meeting and placed by one host command;
// placed by the server when auto-place is on; and never thrown back into a room once a host (or anyone)
// moved them since the rooms opened.

beforeAll(useMediaKeys);

const connect = deliverJoined;

/** The page opening: asks for a media token with its cookie; answers the room the token opens. */
async function join(meetingId: string, seat: Seat): Promise<string> {
  const res = await api('POST', '/livekit/token', {
    ...asCookie(meetingId, seat),
    body: { meeting_id: meetingId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.room as string;
}

const whereIs = async (key: string, meetingId: string, id: string) => {
  const s = await getState(key, meetingId);
  return [s.parent_meeting, ...s.meetings].find((m) => m.participants.some((p) => p.id === id))?.id;
};

describe('late joiners', () => {
  it('someone the plan placed lands in their room when they join after the rooms started', async () => {
    const host = await newHost();
    const f = await family(host, { ana: 'participant', ben: 'participant' }, 0, 'Planned');
    await ok(200, 'PUT', cmPath(f.meetingId, '/draft'), {
      key: host.key,
      body: {
        rooms: [
          { key: 'a', title: 'Room A' },
          { key: 'b', title: 'Room B' },
        ],
        assignments: { [f.seats.ana!.id]: 'b' },
      },
    });
    const started = await ok<{ meetings: Array<{ id: string }> }>(
      200,
      'POST',
      cmPath(f.meetingId, '/draft/start'),
      {
        key: host.key,
        body: {},
      },
    );
    expect(await join(f.meetingId, f.seats.ana!)).toBe(started.meetings[1]!.id);
    // Auto-place is off: someone the plan did not name joins the main meeting.
    expect(await join(f.meetingId, f.seats.ben!)).toBe(f.meetingId);
  });

  it('hosts place everyone waiting (connected in the main meeting, not a host) into the smallest rooms, evenly', async () => {
    const host = await newHost();
    const f = await family(
      host,
      {
        cy: 'participant',
        di: 'participant',
        ed: 'participant',
        fa: 'participant',
        away: 'participant',
        co: 'host',
      },
      2,
      'Waiting',
    );
    const [r1, r2] = f.rooms as [string, string];
    await hostMove(host.key, f.meetingId, f.meetingId, r1, [f.seats.cy!.id]);
    for (const name of ['di', 'ed', 'fa', 'co']) await connect(f.seats[name]!.id, f.meetingId);
    // `away` is in the main meeting but not connected: not waiting. `co` has host powers: not waiting.

    // Participants without host powers cannot place people.
    expectBreakoutRefusal(
      await api('POST', cmPath(f.meetingId, '/late-joiners/place'), { key: f.seats.di!.token, body: {} }),
      { status: 403, code: 'forbidden:can_alter_connected_meetings' },
    );
    const placed = await ok<{ placed: Array<{ id: string; meeting_id: string }> }>(
      200,
      'POST',
      cmPath(f.meetingId, '/late-joiners/place'),
      { key: host.key, body: {} },
    );
    // Room 2 (empty) first, then the rooms take turns: 1+1 and 0+2.
    expect(placed.placed).toEqual([
      { id: f.seats.di!.id, meeting_id: r2 },
      { id: f.seats.ed!.id, meeting_id: r1 },
      { id: f.seats.fa!.id, meeting_id: r2 },
    ]);
    const state = await getState(host.key, f.meetingId);
    expect(state.meetings.map((m) => m.participants.length)).toEqual([2, 2]);
    expect(state.parent_meeting.participants.map((p) => p.name).sort()).toEqual(['away', 'co']);
    // Nobody waiting: nothing changes.
    const before = await everything();
    expect(await ok(200, 'POST', cmPath(f.meetingId, '/late-joiners/place'), { key: host.key })).toEqual({
      placed: [],
    });
    expect(await everything()).toBe(before);
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), { key: host.key, body: {} });
    expectBreakoutRefusal(await api('POST', cmPath(f.meetingId, '/late-joiners/place'), { key: host.key }), {
      status: 409,
      code: 'conflict:no_open_rooms',
    });
    await expectInvariants(f.meetingId, 'Waiting');
  });

  it('with auto-place a late joiner lands in the room with the fewest people; someone a host brought back stays in the main meeting', async () => {
    const host = await newHost();
    const f = await family(
      host,
      { gus: 'participant', hal: 'participant', ivy: 'participant', early: 'participant', co: 'host' },
      2,
      'Auto',
    );
    const [r1, r2] = f.rooms as [string, string];
    await hostMove(host.key, f.meetingId, f.meetingId, r1, [f.seats.early!.id]);
    const set = await api('PUT', cmPath(f.meetingId, '/late-joiners'), {
      key: host.key,
      body: { auto_place: true },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data).toEqual({ auto_place: true });
    expect((await getState(host.key, f.meetingId)).late_joiners).toEqual({ auto_place: true });

    expect(await join(f.meetingId, f.seats.gus!)).toBe(r2);
    expect(await whereIs(host.key, f.meetingId, f.seats.gus!.id)).toBe(r2);
    // Rooms are 1 and 1 now: the earlier room takes the next.
    expect(await join(f.meetingId, f.seats.hal!)).toBe(r1);
    // Joining again (a reload) in their room keeps them there.
    expect(await join(f.meetingId, f.seats.hal!)).toBe(r1);
    // A host brings Gus back to the main meeting: his page follows with a new token, and he stays.
    await hostMove(host.key, f.meetingId, r2, f.meetingId, [f.seats.gus!.id]);
    expect(await join(f.meetingId, f.seats.gus!)).toBe(f.meetingId);
    expect(await whereIs(host.key, f.meetingId, f.seats.gus!.id)).toBe(f.meetingId);
    // Someone with host powers is never placed.
    expect(await join(f.meetingId, f.seats.co!)).toBe(f.meetingId);
    // Auto-place off again: the next joiner waits in the main meeting.
    await ok(200, 'PUT', cmPath(f.meetingId, '/late-joiners'), {
      key: host.key,
      body: { auto_place: false },
    });
    expect(await join(f.meetingId, f.seats.ivy!)).toBe(f.meetingId);
    await expectInvariants(f.meetingId, 'Auto');
  });

  it('late-joiner settings refuse bad input and participants without host powers', async () => {
    const host = await newHost();
    const f = await family(host, { jo: 'participant' }, 1, 'Settings');
    const before = await everything();
    for (const body of [{ auto_place: 'yes' }, {}, { auto_place: true, extra: 1 }]) {
      const res = await api('PUT', cmPath(f.meetingId, '/late-joiners'), { key: host.key, body });
      expectBreakoutRefusal(res, { status: 400, code: 'invalid' });
    }
    expectBreakoutRefusal(
      await api('PUT', cmPath(f.meetingId, '/late-joiners'), {
        key: f.seats.jo!.token,
        body: { auto_place: true },
      }),
      { status: 403, code: 'forbidden:can_alter_connected_meetings' },
    );
    expect(await everything()).toBe(before);
  });
});
