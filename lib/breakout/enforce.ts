import 'server-only';
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { db } from '@/db';
import { events, participants } from '@/db/schema';
import { liveMeetingCount } from '@/lib/events/bus';
import { mediaConfig } from '@/lib/livekit/config';
import { disconnectFromRoom, listRoomIdentities } from '@/lib/livekit/service';

/** How long a moved client has to leave its old media room by itself. */
export const LEAVE_GRACE_MS = 4000;

/** How often each app process sweeps for stragglers its timers missed, and how far back it then looks. */
export const SWEEP_EVERY_MS = 30_000;
const SWEEP_LOOKBACK_MS = 2 * SWEEP_EVERY_MS + LEAVE_GRACE_MS;
/** On start, a process looks further back: the moves made while no process was running are covered too. */
const START_LOOKBACK_MS = 60 * 60_000;

type Moved = Array<{ id: string; from: string }>;

/**
 * After a move, removes from the old media room anyone still connected there once the grace period has
 * passed, so nobody keeps listening to a room they were taken out of. It asks the media server who is in
 * each old room (webhooks may be late or not configured) and re-reads the database when it fires, so
 * someone moved back in the meantime is left alone.
 */
export function removeFromOldRoomsLater(moved: Moved, graceMs = LEAVE_GRACE_MS) {
  setTimeout(() => {
    removeStragglers(moved).catch((err: unknown) => console.warn('Could not remove stragglers', err));
  }, graceMs).unref();
}

/** Disconnects each moved participant still connected to a media room they are no longer in. */
export async function removeStragglers(moved: Moved): Promise<number> {
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

/**
 * Every move made between `since` and `until`, as recorded in the event log: who had to leave which
 * room. The log is written in the move's own transaction, so this survives what a timer does not.
 */
export async function movesBetween(since: Date, until: Date): Promise<Moved> {
  const d = await db();
  const rows = await d
    .select({ payload: events.payload })
    .from(events)
    .where(
      and(eq(events.type, 'participants_moved'), gte(events.createdAt, since), lte(events.createdAt, until)),
    );
  const seen = new Set<string>();
  const moved: Moved = [];
  for (const { payload } of rows) {
    const p = payload as { source_meeting_id: string; participants: Array<{ id: string }> };
    for (const { id } of p.participants) {
      const key = `${id}:${p.source_meeting_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      moved.push({ id, from: p.source_meeting_id });
    }
  }
  return moved;
}

/**
 * The safety net under removeFromOldRoomsLater: its timer lives in the process that made the move, and is
 * lost if that process stops within the grace period. A sweep reads the recent moves whose grace period
 * is over from the database and removes whoever is still where they were moved away from. Removing is
 * idempotent, so several processes sweeping the same moves agree.
 */
export async function sweepStragglers(lookbackMs = SWEEP_LOOKBACK_MS, now = Date.now()): Promise<number> {
  if (!mediaConfig().available) return 0;
  const moved = await movesBetween(new Date(now - lookbackMs), new Date(now - LEAVE_GRACE_MS));
  return removeStragglers(moved);
}

let sweeping = false;

/**
 * Starts this process's sweeps: one soon after start over the last hour, then one every SWEEP_EVERY_MS
 * while some meeting here has live subscribers (an idle process, say on Neon, leaves the database asleep).
 */
export function startStragglerSweeps() {
  if (sweeping) return;
  sweeping = true;
  const sweep = (lookbackMs: number) =>
    void sweepStragglers(lookbackMs).catch((err: unknown) =>
      console.warn('Could not sweep for stragglers', err),
    );
  setTimeout(() => sweep(START_LOOKBACK_MS), LEAVE_GRACE_MS).unref();
  setInterval(() => {
    if (liveMeetingCount() > 0) sweep(SWEEP_LOOKBACK_MS);
  }, SWEEP_EVERY_MS).unref();
}
