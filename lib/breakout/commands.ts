import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { breakoutStates, meetings, participants, type BreakoutDraft } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { BreakoutEvent, SelfSelect } from './events';
import { getClosesAt, setClosesAt, writeBreakoutState } from './closes-at';
import { closeWhenDue } from './deadlines';
import type {
  cancelCloseSchema,
  closeAllSchema,
  createMeetingsSchema,
  deleteMeetingsSchema,
  draftSchema,
  moveSchema,
  startDraftSchema,
  updateMeetingsSchema,
} from './schemas';
import { newTimer, setTimerWithin, watchTimer } from './timer';
import { plannedRoomId } from './planned-rooms';
import { roomGeneration } from './planned-rooms-read';
import {
  closeRoomsWithin,
  createRoomsWithin,
  familyMeeting,
  moveManyWithin,
  moveWithin,
  type MoveGroup,
  runCommand,
  type BreakoutCaller,
  type CommandOptions,
} from './service';
import { isOwnPick, openChoice, takeSeat } from './self-select';
import { loadConnectedMeetings, loadPresetViews } from './state';
import { visibleState } from '@/lib/events/visibility';

type In<S extends z.ZodType> = z.output<S>;
const opts = (v: { expected_version?: number } | undefined): CommandOptions => ({
  expectedVersion: v?.expected_version,
});

/** The main meeting and its open rooms with who is in each, plus the version. */
export async function getConnectedMeetings(caller: BreakoutCaller, mainMeetingId: string) {
  return runCommand(caller, mainMeetingId, { kind: 'read' }, {}, async (f) => {
    const state = await loadConnectedMeetings(f.tx, f.main.id);
    // A participant gets what their preset lets them see, as on their event stream.
    const actor = f.actor;
    if (actor.kind !== 'participant') return { result: state, events: [] };
    const me = [state.parent_meeting, ...state.meetings]
      .flatMap((m) => m.participants)
      .find((p) => p.id === actor.participantId);
    const presets = await loadPresetViews(f.tx, f.main.hostId);
    const view = { selfId: me?.id ?? '', presetId: me?.preset_id ?? '', presets };
    return { result: visibleState(state, view), events: [] };
  });
}

/** Creates rooms; they are open at once. */
export async function createMeetings(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: In<typeof createMeetingsSchema>,
) {
  return runCommand(caller, mainMeetingId, { kind: 'create' }, opts(input), async (f) => {
    const created = await createRoomsWithin(
      f,
      input.meetings.map((m) => m.title),
    );
    return {
      result: { meetings: created },
      events: [{ type: 'meetings_created', payload: { meetings: created } }],
    };
  });
}

/** Renames rooms (also while they run). */
export async function updateMeetings(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: In<typeof updateMeetingsSchema>,
) {
  return runCommand(caller, mainMeetingId, { kind: 'update' }, opts(input), async (f) => {
    input.meetings.forEach((m, i) => {
      if (!f.rooms.has(m.id)) {
        throw new AppError(
          'not_found:meeting',
          `No open breakout room with id ${m.id} in this meeting.`,
          `meetings.${i}.id`,
        );
      }
    });
    for (const m of input.meetings) {
      await f.tx
        .update(meetings)
        .set({ title: m.title, updatedAt: new Date() })
        .where(and(eq(meetings.id, m.id), eq(meetings.parentMeetingId, f.main.id)));
    }
    const renamed = input.meetings.map((m) => ({ id: m.id, title: m.title }));
    return {
      result: { meetings: renamed },
      events: [{ type: 'meetings_updated', payload: { meetings: renamed } }],
    };
  });
}

/** Deletes rooms; the people in them return to the main meeting first. */
export async function deleteMeetings(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: In<typeof deleteMeetingsSchema>,
) {
  return runCommand(caller, mainMeetingId, { kind: 'delete' }, opts(input), async (f) => {
    const ids = [...new Set(input.meeting_ids)];
    ids.forEach((id, i) => {
      if (!f.rooms.has(id)) {
        throw new AppError(
          'not_found:meeting',
          `No open breakout room with id ${id} in this meeting.`,
          `meeting_ids.${i}`,
        );
      }
    });
    const out = await closeRoomsWithin(f, ids);
    return { result: { meetings: ids.map((id) => ({ id })) }, ...out };
  });
}

/**
 * Closes every room: everyone returns to the main meeting. With `countdown_seconds` the rooms close that
 * many seconds from now instead: the deadline is stored and announced (`rooms_closing`), and the server
 * closes them when it is due, whichever process sees it first (deadlines.ts).
 */
export async function closeAll(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input?: In<typeof closeAllSchema>,
) {
  const seconds = input?.countdown_seconds ?? 0;
  type Closed = { meetings: Array<{ id: string }>; closes_at: string | null };
  const result = await runCommand<Closed>(
    caller,
    mainMeetingId,
    { kind: 'close_all' },
    opts(input),
    async (f) => {
      const ids = [...f.rooms.keys()];
      if (seconds === 0) {
        const out = await closeRoomsWithin(f, ids);
        return { result: { meetings: ids.map((id) => ({ id })), closes_at: null }, ...out };
      }
      if (ids.length === 0) {
        throw new AppError(
          'conflict:no_open_rooms',
          'No breakout room is open, so there is nothing to close.',
        );
      }
      const endsAt = new Date(Date.now() + seconds * 1000);
      await setClosesAt(f.tx, f.main.id, endsAt);
      return {
        result: { meetings: ids.map((id) => ({ id })), closes_at: endsAt.toISOString() },
        events: [{ type: 'rooms_closing' as const, payload: { ends_at: endsAt.toISOString(), seconds } }],
      };
    },
  );
  if (result.closes_at) closeWhenDue(mainMeetingId, new Date(result.closes_at));
  return result;
}

/** Cancels a pending close countdown; the rooms stay open. Nothing pending: nothing changes. */
export async function cancelClose(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input?: In<typeof cancelCloseSchema>,
) {
  return runCommand(caller, mainMeetingId, { kind: 'close_all' }, opts(input), async (f) => {
    if (!(await getClosesAt(f.tx, f.main.id))) return { result: { cancelled: false }, events: [] };
    await setClosesAt(f.tx, f.main.id, null);
    return { result: { cancelled: true }, events: [{ type: 'rooms_closing_cancelled', payload: {} }] };
  });
}

/**
 * Moves participants from one meeting of the family to another; with `participants` each takes the given
 * preset in the destination room. Without full access a participant may move only themselves.
 */
export async function moveParticipants(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: In<typeof moveSchema>,
) {
  const list = input.participants ?? (input.participant_ids ?? []).map((id) => ({ id }));
  let choosing: SelfSelect | undefined;
  return runCommand(
    caller,
    mainMeetingId,
    async (f) => {
      choosing = await openChoice(f, input.destination_meeting_id);
      return {
        kind: 'move',
        participantIds: list.map((p) => p.id),
        toParent: input.destination_meeting_id === f.main.id,
        customPreset: input.participants !== undefined,
        selfSelect: choosing !== undefined,
      };
    },
    opts(input),
    async (f) => {
      familyMeeting(f, input.source_meeting_id, 'source_meeting_id');
      familyMeeting(f, input.destination_meeting_id, 'destination_meeting_id');
      // A participant's own pick while choosing takes a seat; hosts move past the cap.
      const ids = list.map((p) => p.id);
      if (choosing && isOwnPick(f.actor, ids))
        await takeSeat(f, input.destination_meeting_id, choosing.capacity);
      const out = await moveWithin(f, input.source_meeting_id, input.destination_meeting_id, list);
      return { result: { moved: list.length, destination_meeting_id: input.destination_meeting_id }, ...out };
    },
  );
}

/** The host manager's shared draft (rooms and assignments prepared before starting) and the version. */
export async function getDraft(caller: BreakoutCaller, mainMeetingId: string) {
  return runCommand(caller, mainMeetingId, { kind: 'draft' }, {}, async (f) => {
    const [row] = await f.tx.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, f.main.id));
    return { result: { draft: row?.draft ?? emptyDraft(), version: row?.version ?? 0 }, events: [] };
  });
}

/** Replaces the shared draft; every host sees it, and a reload keeps it. */
export async function saveDraft(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: In<typeof draftSchema>,
) {
  return runCommand(caller, mainMeetingId, { kind: 'draft' }, opts(input), async (f) => {
    const draft: BreakoutDraft = { rooms: input.rooms, assignments: input.assignments };
    const ids = Object.keys(draft.assignments);
    if (ids.length) {
      const found = await f.tx
        .select({ id: participants.id })
        .from(participants)
        .where(and(inArray(participants.id, ids), eq(participants.meetingId, f.main.id)));
      const known = new Set(found.map((p) => p.id));
      const unknown = ids.find((id) => !known.has(id));
      if (unknown)
        throw new AppError(
          'not_found:participant',
          `No participant with id ${unknown} in this meeting.`,
          'assignments',
        );
    }
    await setDraft(f.tx, f.main.id, draft);
    return { result: { draft }, events: [{ type: 'draft_updated', payload: { draft } }] };
  });
}

/**
 * Starts the draft in one transaction: creates its rooms and moves everyone assigned into them, and with
 * `timer` sets the breakout timer in the same transaction.
 */
export async function startDraft(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input?: In<typeof startDraftSchema>,
) {
  const started = await runCommand(caller, mainMeetingId, { kind: 'draft' }, opts(input), async (f) => {
    const [row] = await f.tx.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, f.main.id));
    const draft = row?.draft ?? emptyDraft();
    if (draft.rooms.length === 0)
      throw new AppError('invalid:empty_draft', 'The draft has no rooms to start.');
    // The rooms get the ids planned for them (warm connections may already wait there), unless one of
    // those ids is taken (then new ones: the warm connections miss, nothing else changes).
    const generation = await roomGeneration(f.tx, f.main.id);
    const planned = draft.rooms.map((r) => plannedRoomId(f.main.id, r.key, generation));
    const taken = await f.tx.select({ id: meetings.id }).from(meetings).where(inArray(meetings.id, planned));
    const created = await createRoomsWithin(
      f,
      draft.rooms.map((r) => r.title),
      taken.length === 0 ? planned : undefined,
    );
    const roomByKey = new Map(draft.rooms.map((r, i) => [r.key, created[i]!.id]));
    const events: BreakoutEvent[] = [{ type: 'meetings_created', payload: { meetings: created } }];
    const moved: Array<{ id: string; from: string }> = [];
    const assigned = Object.keys(draft.assignments);
    const rows = assigned.length
      ? await f.tx
          .select({ id: participants.id, current: participants.currentMeetingId })
          .from(participants)
          .where(and(inArray(participants.id, assigned), eq(participants.meetingId, f.main.id)))
      : [];
    // One move per (source, destination) pair, all inside this transaction, written together.
    const pairs = new Map<string, MoveGroup>();
    for (const r of rows) {
      const destination = roomByKey.get(draft.assignments[r.id]!)!;
      const key = `${r.current}>${destination}`;
      const pair = pairs.get(key) ?? { source: r.current, destination, moved: [] };
      pair.moved.push({ id: r.id });
      pairs.set(key, pair);
    }
    const out = await moveManyWithin(f, [...pairs.values()]);
    events.push(...out.events);
    moved.push(...out.moved);
    await setDraft(f.tx, f.main.id, emptyDraft());
    events.push({ type: 'draft_updated', payload: { draft: emptyDraft() } });
    const timer = input?.timer ? newTimer(input.timer) : null;
    if (timer) events.push(await setTimerWithin(f.tx, f.main.id, timer));
    return { result: { meetings: created, moved: moved.length, timer }, events, moved };
  });
  watchTimer(mainMeetingId, started.timer);
  return started;
}

const emptyDraft = (): BreakoutDraft => ({ rooms: [], assignments: {} });

/** Writes the shared draft (saveDraft, CSV import and plans all write it here). */
export const setDraft = (tx: Tx, mainMeetingId: string, draft: BreakoutDraft) =>
  writeBreakoutState(tx, mainMeetingId, { draft });
