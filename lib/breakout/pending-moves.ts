import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { participants, pendingMoves } from '@/db/schema';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { announced, announceInTx, credentialKey } from '@/lib/events/credentials';
import { PENDING_MOVE_SECONDS } from '@/lib/livekit/warm';
import type { pendingMoveSchema } from './schemas';
import { familyMeeting, runCommand, type BreakoutCaller } from './service';

// A host's pick in the manager, before Move: choosing a room in someone's "Room for …" select, or holding a
// dragged person over a room. With the warm room switch on, the person's page is told (`warm_hint` on their
// event stream) and waits warm in that room, so the Move that follows finds a connection already up. The
// pick carries no right and changes nobody's place: the move is still the host's command, and the page
// learns only which room to wait in, never the draft or anyone else's pick.

/**
 * Records (or, with `destination_meeting_id: null`, puts back) a host's pick for these participants, for
 * PENDING_MOVE_SECONDS. Hosts only (the move's own rule for moving others). People already in the room are
 * left out. With the warm switch off nothing is recorded and `warming` is 0.
 */
export async function setPendingMove(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: z.output<typeof pendingMoveSchema>,
) {
  const keys: string[] = [];
  const result = await runCommand(caller, mainMeetingId, { kind: 'draft' }, {}, async (f) => {
    const to = input.destination_meeting_id;
    if (to !== null) familyMeeting(f, to, 'destination_meeting_id');
    const ids = input.participant_ids;
    const rows = await f.tx
      .select({ id: participants.id, main: participants.meetingId, at: participants.currentMeetingId })
      .from(participants)
      .where(inArray(participants.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    ids.forEach((id, i) => {
      if (byId.get(id)?.main !== f.main.id)
        throw new AppError(
          'not_found:participant',
          `No participant with id ${id} in this meeting.`,
          `participant_ids.${i}`,
        );
    });
    if (!env().MEDIA_WARM_SWITCH) return { result: { warming: 0, expires_in: 0 }, events: [] };
    const warming = to === null ? [] : ids.filter((id) => byId.get(id)!.at !== to);
    await f.tx.delete(pendingMoves).where(inArray(pendingMoves.participantId, ids));
    if (to !== null && warming.length > 0) {
      await f.tx.insert(pendingMoves).values(
        warming.map((participantId) => ({
          participantId,
          roomId: to,
          until: sql`now() + ${PENDING_MOVE_SECONDS} * interval '1 second'`,
        })),
      );
    }
    keys.push(...ids.map(credentialKey.pendingMove));
    await announceInTx(f.tx, keys);
    return {
      result: { warming: warming.length, expires_in: warming.length ? PENDING_MOVE_SECONDS : 0 },
      events: [],
    };
  });
  announced(keys);
  return result;
}
