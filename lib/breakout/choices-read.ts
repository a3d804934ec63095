import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { breakoutStates, meetings } from '@/db/schema';
import type { Db, Tx } from '@/db';
import { selfChoices } from '@/lib/livekit/warm';
import type { Permissions } from '@/lib/presets/permissions';

/**
 * For each of these participants, the open rooms they may move themselves into now (`selfChoices`,
 * lib/livekit/warm.ts): at most two reads for any number of main meetings. Participants without a
 * choice are left out.
 */
export async function selfChoicesOf(
  tx: Tx | Db,
  seats: Array<{
    participantId: string;
    mainMeetingId: string;
    currentMeetingId: string;
    permissions: Permissions;
  }>,
): Promise<Map<string, string[]>> {
  const mains = [...new Set(seats.map((s) => s.mainMeetingId))];
  if (mains.length === 0) return new Map();
  const rooms = await tx
    .select({ id: meetings.id, main: meetings.parentMeetingId })
    .from(meetings)
    .where(and(inArray(meetings.parentMeetingId, mains), eq(meetings.roomStatus, 'open')));
  if (rooms.length === 0) return new Map();
  const settings = await tx
    .select({ main: breakoutStates.mainMeetingId, choosing: breakoutStates.selfSelectEnabled })
    .from(breakoutStates)
    .where(inArray(breakoutStates.mainMeetingId, mains));
  const openRooms = new Map<string, string[]>();
  for (const r of rooms) {
    const list = openRooms.get(r.main!) ?? [];
    openRooms.set(r.main!, list);
    list.push(r.id);
  }
  const choosing = new Set(settings.filter((s) => s.choosing).map((s) => s.main));
  const out = new Map<string, string[]>();
  for (const s of seats) {
    const choices = selfChoices({
      currentMeetingId: s.currentMeetingId,
      openRooms: openRooms.get(s.mainMeetingId) ?? [],
      choosing: choosing.has(s.mainMeetingId),
      permissions: s.permissions.connected_meetings,
    });
    if (choices.length > 0) out.set(s.participantId, choices);
  }
  return out;
}
