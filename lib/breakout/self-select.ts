import 'server-only';
import { count, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { participants } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { SelfSelect } from './events';
import type { BreakoutActor } from './rules';
import type { selfSelectSchema } from './schemas';
import { runCommand, type BreakoutCaller, type Family } from './service';
import { getBreakoutSettings, setSelfSelect } from './self-select-store';

// "Let participants choose": while rooms run, a host opens choosing with a number of seats per room;
// every participant may then move themselves into an open room that has a seat, through the ordinary
// move command. The seat is counted inside that command's transaction, which holds the main meeting's
// lock, so picks racing for the last seat are decided one after another: exactly `capacity` win.
// Hosts (and presets with can_alter_connected_meetings) move anyone anywhere, past the cap.

/** Opens or closes choosing. Opening needs an open room; nothing changes when the setting is the same. */
export async function updateSelfSelect(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: z.output<typeof selfSelectSchema>,
) {
  return runCommand(
    caller,
    mainMeetingId,
    { kind: 'update' },
    { expectedVersion: input.expected_version },
    async (f) => {
      const next: SelfSelect = { enabled: input.enabled, capacity: input.capacity ?? null };
      if (next.enabled && f.rooms.size === 0) {
        throw new AppError(
          'conflict:no_open_rooms',
          'No breakout room is open: open rooms first, then let participants choose.',
          'enabled',
        );
      }
      const { selfSelect: now } = await getBreakoutSettings(f.tx, f.main.id);
      if (now.enabled === next.enabled && now.capacity === next.capacity) {
        return { result: { self_select: next }, events: [] };
      }
      await setSelfSelect(f.tx, f.main.id, next);
      return {
        result: { self_select: next },
        events: [{ type: 'self_select_updated', payload: { self_select: next } }],
      };
    },
  );
}

/** Choosing, when it is open and `destinationId` is an open room of the family (read under the lock). */
export async function openChoice(f: Family, destinationId: string): Promise<SelfSelect | undefined> {
  if (!f.rooms.has(destinationId)) return undefined;
  const { selfSelect } = await getBreakoutSettings(f.tx, f.main.id);
  return selfSelect.enabled ? selfSelect : undefined;
}

/** A participant without host powers moving only themselves: their own pick, which the cap applies to. */
export const isOwnPick = (actor: BreakoutActor, ids: string[]) =>
  actor.kind === 'participant' &&
  !actor.permissions.connected_meetings.can_alter_connected_meetings &&
  ids.length === 1 &&
  ids[0] === actor.participantId;

/** Refuses a pick into a room whose seats are taken, with a 409 naming the room and its count. */
export async function takeSeat(f: Family, roomId: string, capacity: number | null) {
  if (capacity === null) return;
  const [row] = await f.tx
    .select({ n: count() })
    .from(participants)
    .where(eq(participants.currentMeetingId, roomId));
  const taken = Number(row?.n ?? 0);
  if (taken >= capacity) {
    const title = f.rooms.get(roomId)?.title ?? 'This room';
    throw new AppError(
      'conflict:room_full',
      `${title} is full (${taken} of ${capacity}).`,
      'destination_meeting_id',
    );
  }
}
