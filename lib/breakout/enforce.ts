import 'server-only';
import { inArray } from 'drizzle-orm';
import { db } from '@/db';
import { participants } from '@/db/schema';
import { disconnectFromRoom, listRoomIdentities } from '@/lib/livekit/service';

/** How long a moved client has to leave its old media room by itself. */
export const LEAVE_GRACE_MS = 4000;

/**
 * After a move, removes from the old media room anyone still connected there once the grace period has
 * passed, so nobody keeps listening to a room they were taken out of. It asks the media server who is in
 * each old room (webhooks may be late or not configured) and re-reads the database when it fires, so
 * someone moved back in the meantime is left alone.
 */
export function removeFromOldRoomsLater(
  moved: Array<{ id: string; from: string }>,
  graceMs = LEAVE_GRACE_MS,
) {
  setTimeout(() => {
    removeStragglers(moved).catch((err: unknown) => console.warn('Could not remove stragglers', err));
  }, graceMs).unref();
}

/** Disconnects each moved participant still connected to a media room they are no longer in. */
export async function removeStragglers(moved: Array<{ id: string; from: string }>): Promise<number> {
  if (moved.length === 0) return 0;
  const d = await db();
  const rows = await d
    .select({ id: participants.id, current: participants.currentMeetingId })
    .from(participants)
    .where(inArray(participants.id, [...new Set(moved.map((m) => m.id))]));
  const current = new Map(rows.map((r) => [r.id, r.current]));
  const byRoom = new Map<string, string[]>();
  for (const m of moved) {
    if (current.get(m.id) !== m.from) byRoom.set(m.from, [...(byRoom.get(m.from) ?? []), m.id]);
  }
  let removed = 0;
  for (const [room, ids] of byRoom) {
    const inRoom = await listRoomIdentities(room);
    const stale = ids.filter((id) => inRoom.has(id));
    await Promise.all(stale.map((id) => disconnectFromRoom(room, id)));
    removed += stale.length;
  }
  return removed;
}
