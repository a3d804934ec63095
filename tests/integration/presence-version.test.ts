import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import {
  cmPath,
  eventRows,
  expectInvariants,
  family,
  getState,
  hostMove,
  newHost,
  type Host,
} from '../support/breakout';
import { deliverMediaWebhook, useMediaKeys } from '../support/media-webhook';

// A class connecting, reconnecting and switching rooms changes who is connected every second. That is not
// a change a host's command can conflict with, so it must not make the host's `expected_version` stale:
// a teacher renaming a room while the class arrives would otherwise be refused ("The rooms keep
// changing") by people's cameras connecting. Presence is in the log and in the state, under the version
// the breakout structure has, as chat is.

beforeAll(() => useMediaKeys());

let n = 0;
function deliver(event: 'participant_joined' | 'participant_left', who: string, room: string) {
  return deliverMediaWebhook(
    JSON.stringify({
      id: `EV_version_${process.pid}_${n++}`,
      event,
      room: { name: room, sid: `RM_${room.slice(0, 8)}` },
      participant: { identity: who, sid: `PA_${who.slice(0, 8)}_${room.slice(0, 8)}_${n}` },
      createdAt: String(Math.floor(Date.now() / 1000)),
    }),
  );
}

describe('presence and the breakout version', () => {
  let host: Host;
  beforeAll(async () => {
    host = await newHost();
  });

  it('people connecting and leaving keep the version; a host command sent with it is applied', async () => {
    const f = await family(host, { Ada: 'participant', Bo: 'participant', Cy: 'participant' }, 2, 'Arrivals');
    const [ada, bo, cy] = [f.seats.Ada!.id, f.seats.Bo!.id, f.seats.Cy!.id];
    const [room1, room2] = f.rooms as [string, string];
    await hostMove(host.key, f.meetingId, f.meetingId, room1, [bo]);
    const read = await getState(host.key, f.meetingId);

    // The class connects; one leaves again; one switches room.
    await deliver('participant_joined', ada, f.meetingId);
    await deliver('participant_joined', bo, room1);
    await deliver('participant_joined', cy, f.meetingId);
    await deliver('participant_left', cy, f.meetingId);

    const now = await getState(host.key, f.meetingId);
    expect(now.version).toBe(read.version);
    expect(now.parent_meeting.participants.find((p) => p.id === ada)).toMatchObject({ connected: true });
    expect(now.parent_meeting.participants.find((p) => p.id === cy)).toMatchObject({ connected: false });
    expect(now.meetings.find((m) => m.id === room1)!.participants).toEqual([
      expect.objectContaining({ id: bo, connected: true }),
    ]);
    expect(now.last_event_id).toBeGreaterThan(read.last_event_id);
    const changes = (await eventRows(f.meetingId)).filter((r) => r.type === 'presence_changed');
    expect(changes).toHaveLength(4);
    expect(changes.every((r) => r.version === read.version)).toBe(true);

    // The rename the host started before the arrivals goes through with the version the host read.
    const renamed = await api('PATCH', cmPath(f.meetingId), {
      key: host.key,
      body: { meetings: [{ id: room2, title: 'Readers' }], expected_version: read.version },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const after = await getState(host.key, f.meetingId);
    expect(after.version).toBe(read.version + 1);
    expect(after.meetings.find((m) => m.id === room2)!.title).toBe('Readers');

    // A change a command can conflict with still makes it stale.
    const stale = await api('POST', cmPath(f.meetingId, '/move'), {
      key: host.key,
      body: {
        source_meeting_id: f.meetingId,
        destination_meeting_id: room2,
        participant_ids: [ada],
        expected_version: read.version,
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict:stale_version' });
    expect((await getState(host.key, f.meetingId)).parent_meeting.participants.map((p) => p.id)).toContain(
      ada,
    );

    // A presence change after the rename carries the rename's version; the log still replays to the state.
    await deliver('participant_joined', cy, f.meetingId);
    const last = (await eventRows(f.meetingId)).at(-1)!;
    expect(last).toMatchObject({ type: 'presence_changed', version: read.version + 1 });
    await expectInvariants(f.meetingId, 'Arrivals');
  });

  it('a meeting whose first event is a presence change starts the log at version 1', async () => {
    // A participant added before any breakout change: the seat's addition is version 1 already, and the
    // arrival shares it.
    const f = await family(host, { Di: 'participant' }, 0, 'First');
    const before = await getState(host.key, f.meetingId);
    await deliver('participant_joined', f.seats.Di!.id, f.meetingId);
    const rows = await eventRows(f.meetingId);
    expect(rows.at(-1)).toMatchObject({ type: 'presence_changed', version: Math.max(before.version, 1) });
    expect((await getState(host.key, f.meetingId)).version).toBe(Math.max(before.version, 1));
    await expectInvariants(f.meetingId, 'First');
  });
});
