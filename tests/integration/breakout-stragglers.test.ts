// The durable side of "nobody keeps listening to a room they were moved out of": the sweep that every app
// process runs reads who had to leave which room from the event log, so a move whose timer died with its
// process is still enforced.
import { describe, expect, it } from 'vitest';
import { movesBetween } from '@/lib/breakout/enforce';
import { family, hostMove, newHost } from '../support/breakout';

describe('moves the straggler sweep enforces', () => {
  it('are read back from the log with the room each person had to leave', async () => {
    const host = await newHost();
    const f = await family(host, { Ada: 'participant', Bo: 'participant', Cy: 'participant' }, 2);
    const before = new Date(Date.now() - 1000);
    const [ada, bo, cy] = [f.seats.Ada!.id, f.seats.Bo!.id, f.seats.Cy!.id];
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [ada, bo]);
    await hostMove(host.key, f.meetingId, f.rooms[0]!, f.rooms[1]!, [ada]);
    const after = new Date(Date.now() + 1000);

    const ours = (moves: Array<{ id: string; from: string }>) =>
      moves
        .filter((m) => [ada, bo, cy].includes(m.id))
        .sort((a, b) => `${a.id}${a.from}`.localeCompare(`${b.id}${b.from}`));
    const expected = [
      { id: ada, from: f.meetingId },
      { id: ada, from: f.rooms[0]! },
      { id: bo, from: f.meetingId },
    ].sort((a, b) => `${a.id}${a.from}`.localeCompare(`${b.id}${b.from}`));
    expect(ours(await movesBetween(before, after))).toEqual(expected);
    // Cy never moved; a window before the moves holds none of them.
    expect(ours(await movesBetween(new Date(before.getTime() - 60_000), before))).toEqual([]);
  });

  it('name each person and room once, however often the same move is in the window', async () => {
    const host = await newHost();
    const f = await family(host, { Di: 'participant' }, 1);
    const di = f.seats.Di!.id;
    const since = new Date(Date.now() - 1000);
    for (let i = 0; i < 3; i++) {
      await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [di]);
      await hostMove(host.key, f.meetingId, f.rooms[0]!, f.meetingId, [di]);
    }
    const moves = (await movesBetween(since, new Date(Date.now() + 1000))).filter((m) => m.id === di);
    expect(moves).toHaveLength(2);
    expect(new Set(moves.map((m) => m.from))).toEqual(new Set([f.meetingId, f.rooms[0]!]));
  });
});
