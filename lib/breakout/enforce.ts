import 'server-only';
import { and, eq, gte, lte } from 'drizzle-orm';
import { db } from '@/db';
import { events } from '@/db/schema';
import { mediaConfig } from '@/lib/livekit/config';
import { enforceConnections, listConnections, listRoomConnections } from '@/lib/livekit/enforce';

/** How long a moved client has to leave its old media room by itself. */
export const LEAVE_GRACE_MS = 4000;

/** How often each app process sweeps the media rooms for connections their seats no longer allow. */
export const SWEEP_EVERY_MS = 30_000;

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

/**
 * Judges each moved participant's connections in the rooms they left (lib/livekit/enforce.ts): the one
 * that ignored its move still has its rights and is removed; with the warm switch on, a rights-less,
 * hidden connection of theirs may stay in the room a move will likely take them to next (the main
 * meeting while they are in a breakout room), and anywhere else it is removed too. Resolves with how
 * many were removed.
 */
export async function removeStragglers(moved: Moved): Promise<number> {
  if (moved.length === 0) return 0;
  const byRoom = new Map<string, Set<string>>();
  for (const m of moved) byRoom.set(m.from, (byRoom.get(m.from) ?? new Set()).add(m.id));
  let removed = 0;
  for (const [room, ids] of byRoom) {
    const here = (await listRoomConnections(room)).filter((c) => ids.has(c.identity));
    if (here.length > 0) removed += (await enforceConnections(here)).removed;
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
 * The safety net under removeFromOldRoomsLater and the webhook checks: asks the media server who is
 * connected to each of the app's rooms now and judges every connection against its seat (lib/livekit/
 * enforce.ts): a removed participant, an inactive meeting, someone in a room they are no longer in, or a
 * track the preset refuses. It starts from who is connected, not from recent moves, so a lost timer, a
 * missed webhook or a token kept from long ago are all caught. People moved within the grace period are
 * spared their old room. Removing is idempotent, so several processes sweeping at once agree.
 */
export async function sweepStragglers(now = Date.now()): Promise<number> {
  if (!mediaConfig().available) return 0;
  const connections = await listConnections();
  if (connections.length === 0) return 0; // nobody connected: the database is not touched
  const recent = await movesBetween(new Date(now - LEAVE_GRACE_MS), new Date(now + 1000));
  const { removed } = await enforceConnections(connections, new Set(recent.map((m) => m.id)));
  return removed;
}

let sweeping = false;

/**
 * Starts this process's sweeps: one soon after start, then one every SWEEP_EVERY_MS. A sweep asks the
 * media server first and reads the database only when someone is connected, so an idle deployment (say
 * on Neon) leaves its database asleep.
 */
export function startStragglerSweeps() {
  if (sweeping) return;
  sweeping = true;
  const sweep = () =>
    void sweepStragglers().catch((err: unknown) => console.warn('Could not sweep for stragglers', err));
  setTimeout(sweep, LEAVE_GRACE_MS).unref();
  setInterval(sweep, SWEEP_EVERY_MS).unref();
}
