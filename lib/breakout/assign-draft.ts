import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { breakoutStates, participants, presence, presets, type BreakoutDraft } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { assignRooms, roomCountFor, type AssignPerson } from './assign-modes';
import { setDraft } from './commands';
import { addRooms } from './draft';
import type { assignDraftSchema } from './schemas';
import { runCommand, type BreakoutCaller } from './service';

type AssignInput = z.output<typeof assignDraftSchema>;

/**
 * Fills the shared draft automatically (N rooms, or N per room) under the constraints, and saves it as a
 * save of the draft would (a draft_updated event). Placed, as the draft editor's spread places: everyone in
 * the main meeting but the caller and anyone joined as a host, and only the connected unless
 * include_absent. Every assignment is replaced; people not placed are left without a room.
 */
export async function assignDraft(caller: BreakoutCaller, mainMeetingId: string, input: AssignInput) {
  const options = { expectedVersion: input.expected_version };
  return runCommand(caller, mainMeetingId, { kind: 'draft' }, options, async (f) => {
    const [row] = await f.tx.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, f.main.id));
    const current: BreakoutDraft = row?.draft ?? { rooms: [], assignments: {} };
    const everyone = await f.tx
      .select({
        id: participants.id,
        name: participants.name,
        tags: participants.tags,
        current: participants.currentMeetingId,
        hostSeat: participants.isHostSeat,
        preset: presets.name,
      })
      .from(participants)
      .innerJoin(presets, eq(presets.id, effectivePresetId()))
      .where(eq(participants.meetingId, f.main.id));
    const connected = new Set(
      (
        await f.tx
          .select({ id: presence.participantId })
          .from(presence)
          .where(and(eq(presence.room, f.main.id), eq(presence.connected, true)))
      ).map((p) => p.id),
    );
    const self = f.actor.kind === 'participant' ? f.actor.participantId : undefined;
    const whyNot = (p: (typeof everyone)[number]) =>
      p.id === self
        ? 'is you'
        : p.hostSeat || p.preset === 'host'
          ? 'joined as a host'
          : p.current !== f.main.id
            ? 'is in a breakout room now'
            : !input.include_absent && !connected.has(p.id)
              ? 'is not connected (set include_absent to place them too)'
              : undefined;
    const byId = new Map(everyone.map((p) => [p.id, p]));
    const named = (['keep_apart', 'keep_together'] as const).flatMap((field) =>
      (input[field] ?? []).flat().map((id) => ({ field, id, p: byId.get(id) })),
    );
    // Unknown people first (a 404), then people known but not placed (a 400 saying why).
    const unknown = named.find((n) => !n.p);
    if (unknown)
      throw new AppError(
        'not_found:participant',
        `No participant with id ${unknown.id} in this meeting.`,
        unknown.field,
      );
    for (const { field, p } of named) {
      const why = whyNot(p!);
      if (why)
        throw new AppError('invalid:constraints', `${p!.name} ${why}, so ${field} cannot name them.`, field);
    }
    const people: AssignPerson[] = everyone.filter((p) => !whyNot(p));
    const count =
      input.mode === 'even'
        ? (input.rooms ?? current.rooms.length)
        : roomCountFor({ mode: 'per_room', per_room: input.per_room! }, people.length);
    if (count < 1)
      throw new AppError(
        'invalid',
        'The draft has no rooms yet: give rooms, the number of rooms to make.',
        'rooms',
      );
    if (count > 100)
      throw new AppError(
        'invalid',
        `${people.length} people at ${input.per_room} per room need ${count} rooms; a draft holds at most 100.`,
        'per_room',
      );
    const out = assignRooms({
      people,
      rooms: count,
      shuffle: input.shuffle ?? true,
      keepApart: input.keep_apart,
      keepTogether: input.keep_together,
      spreadTag: input.spread_tag,
    });
    if (!out.ok) throw new AppError('invalid:constraints', `${out.message}.`, out.field);
    const rooms = addRooms(
      { ...current, rooms: current.rooms.slice(0, count) },
      Math.max(0, count - current.rooms.length),
    ).rooms;
    const assignments = Object.fromEntries(
      out.rooms.flatMap((ids, i) => ids.map((id) => [id, rooms[i]!.key])),
    );
    const draft: BreakoutDraft = { rooms, assignments };
    await setDraft(f.tx, f.main.id, draft);
    return { result: { draft }, events: [{ type: 'draft_updated', payload: { draft } }] };
  });
}
