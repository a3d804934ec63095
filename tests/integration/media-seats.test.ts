// The seat a media connection is judged against (lib/livekit/enforce.ts) is read from the database as it
// is now: the room the participant is in, their meeting's status, and the preset that applies there.
import { describe, expect, it } from 'vitest';
import { judgeMedia } from '@/lib/livekit/admission';
import { mediaSeats } from '@/lib/livekit/enforce';
import { api } from '../support/api';
import { family, hostMove, newHost } from '../support/breakout';

describe('the seat behind a media identity', () => {
  it('follows moves, removal and the meeting status', async () => {
    const host = await newHost();
    const f = await family(host, { Ada: 'participant', Bo: 'participant' }, 1);
    const [ada, bo] = [f.seats.Ada!.id, f.seats.Bo!.id];
    const room = f.rooms[0]!;

    let seats = await mediaSeats([ada, bo, 'not-a-uuid']);
    expect(seats.size).toBe(2);
    expect(judgeMedia(seats.get(ada), f.meetingId)).toEqual({ admit: true, refused: [] });

    await hostMove(host.key, f.meetingId, f.meetingId, room, [ada]);
    seats = await mediaSeats([ada]);
    expect(judgeMedia(seats.get(ada), f.meetingId)).toEqual({ admit: false, reason: 'elsewhere' });
    expect(judgeMedia(seats.get(ada), room)).toEqual({ admit: true, refused: [] });

    const removed = await api('DELETE', `/meetings/${f.meetingId}/participants/${bo}`, { key: host.key });
    expect(removed.status).toBe(200);
    expect(judgeMedia((await mediaSeats([bo])).get(bo), f.meetingId)).toEqual({
      admit: false,
      reason: 'no_seat',
    });

    const inactive = await api('PATCH', `/meetings/${f.meetingId}`, {
      key: host.key,
      body: { status: 'INACTIVE' },
    });
    expect(inactive.status).toBe(200);
    expect(judgeMedia((await mediaSeats([ada])).get(ada), room)).toEqual({
      admit: false,
      reason: 'meeting_inactive',
    });
  });

  it('carries the preset that applies where the participant is now', async () => {
    const host = await newHost();
    const preset = await api('POST', '/presets', {
      key: host.key,
      body: { name: 'no-video', permissions: { media: { video: { can_produce: 'NOT_ALLOWED' } } } },
    });
    expect(preset.status).toBe(201);
    const f = await family(host, { Cy: 'no-video' });
    const cy = f.seats.Cy!.id;
    expect((await mediaSeats([cy])).get(cy)?.permissions.media.video.can_produce).toBe('NOT_ALLOWED');
  });
});
