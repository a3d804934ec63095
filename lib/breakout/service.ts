import 'server-only';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { meetings, participants, presets, type EventActor, type EventHints, type Meeting } from '@/db/schema';
import { AppError } from '@/lib/errors';
import {
  appendEvents,
  appendRoomEvents,
  currentVersion,
  lockMainMeeting,
  readMainMeeting,
} from '@/lib/events/log';
import { stopRecordingsOfRooms } from '@/lib/recording/lifecycle';
import { publish } from '@/lib/events/bus';
import { permissionsSchema } from '@/lib/presets/permissions';
import { getDeadlines, NO_DEADLINES, writeBreakoutState } from './closes-at';
import { SELF_SELECT_CLOSED } from './self-select-store';
import { removeFromOldRoomsLater } from './enforce';
import { promoteWarmSoon } from '@/lib/livekit/promote';
import { keepLastRooms } from './plan-rows';
import type { BreakoutEvent, LoggedEvent, MovedParticipant, MovedParticipantInfo } from './events';
import { authorizeBreakout, type BreakoutActor, type BreakoutCommand } from './rules';
import { loadConnectedMeetings } from './state';
import { endPendingMoves } from './pending-moves-read';
import {
  BITS_FROM,
  bitsPayOff,
  groupMove,
  largestGroup,
  sourceBits,
  type FullMove,
} from '@/lib/events/grouped-moves';

/** Who asks, before their rights are read inside the command's transaction. */
export type BreakoutCaller =
  | { kind: 'host'; hostId: string }
  | { kind: 'participant'; participantId: string }
  /** The server itself, doing due work (rooms closing at their deadline) with the owner's rights. */
  | { kind: 'system' };

export interface CommandOptions {
  /** The version the caller last saw; a stale one is a 409 carrying the current state. */
  expectedVersion?: number;
  /** Background work: when another transaction holds the main meeting, throw MeetingBusy at once. */
  skipLocked?: boolean;
}

/** The main meeting is locked by another transaction and the command asked not to wait for it. */
export class MeetingBusy extends Error {}

export interface Family {
  main: Meeting;
  /** Open rooms of this main meeting, by id. */
  rooms: Map<string, Meeting>;
  actor: BreakoutActor;
  tx: Tx;
}

export const MAX_OPEN_ROOMS = 100;

/**
 * Runs one breakout command: one transaction holding the main meeting's lock, the caller's rights read
 * inside it, the events appended with the change, and subscribers woken after commit.
 */
export async function runCommand<T>(
  caller: BreakoutCaller,
  mainMeetingId: string,
  command: BreakoutCommand | ((f: Family) => BreakoutCommand | Promise<BreakoutCommand>),
  options: CommandOptions,
  body: (
    f: Family,
  ) => Promise<{ result: T; events: BreakoutEvent[]; moved?: Array<{ id: string; from: string }> }>,
): Promise<T> {
  const d = await db();
  const reading = typeof command !== 'function' && command.kind === 'read';
  // A read takes no lock, so it reads one snapshot: otherwise a command committing between its queries
  // would give a state (rooms, people, version) that matches no version of the log.
  const snapshot = reading
    ? ({ isolationLevel: 'repeatable read', accessMode: 'read only' } as const)
    : undefined;
  const outcome = await d.transaction(async (tx) => {
    // Reads take no lock; every change holds the main meeting's row until it commits.
    const main = reading
      ? await readMainMeeting(tx, mainMeetingId)
      : options.skipLocked
        ? await tryLockMainMeeting(tx, mainMeetingId)
        : await lockMainMeeting(tx, mainMeetingId);
    const actor = await resolveActor(tx, caller, main);
    const rooms = await openRooms(tx, main.id);
    const family: Family = { main, rooms, actor, tx };
    authorizeBreakout(actor, typeof command === 'function' ? await command(family) : command);
    if (options.expectedVersion !== undefined) {
      const version = await currentVersion(tx, main.id);
      if (version !== options.expectedVersion) {
        const state = await loadConnectedMeetings(tx, main.id);
        throw new AppError(
          'conflict:stale_version',
          `The breakout state changed (version ${version}, you sent ${options.expectedVersion}). Reload and try again.`,
          'expected_version',
          state,
        );
      }
    }
    const out = await body(family);
    const appended =
      out.events.length > 0 ? await appendEvents(tx, main.id, eventActor(caller), out.events) : undefined;
    return { ...out, version: appended?.version };
  }, snapshot);
  // The warm switch's commit starts with the event stream's wake-up: the page finds its warm connection
  // promoted (or being promoted) when the move reaches it.
  if (outcome.moved?.length) promoteWarmSoon(outcome.moved.map((m) => m.id));
  if (outcome.events.length > 0) await publish(mainMeetingId);
  if (outcome.moved?.length) removeFromOldRoomsLater(outcome.moved);
  return outcome.result;
}

const eventActor = (c: BreakoutCaller): EventActor =>
  c.kind === 'host'
    ? { kind: 'host', host_id: c.hostId }
    : c.kind === 'participant'
      ? { kind: 'participant', participant_id: c.participantId }
      : { kind: 'system' };

/**
 * Locks the main meeting's row unless another transaction holds it (FOR UPDATE SKIP LOCKED): due work
 * picked by several processes at once is done by whichever gets the row; the others move on.
 */
async function tryLockMainMeeting(tx: Tx, mainMeetingId: string): Promise<Meeting> {
  const [row] = await tx
    .select()
    .from(meetings)
    .where(eq(meetings.id, mainMeetingId))
    .for('update', { skipLocked: true });
  if (!row) throw new MeetingBusy(mainMeetingId);
  if (row.parentMeetingId) throw new AppError('not_found:meeting', 'No meeting with that id.');
  return row;
}

/** The caller's rights now: an owner host has all; a participant has their preset where they are now. */
async function resolveActor(tx: Tx, caller: BreakoutCaller, main: Meeting): Promise<BreakoutActor> {
  if (caller.kind === 'system') return { kind: 'host', hostId: main.hostId };
  if (caller.kind === 'host') {
    if (caller.hostId !== main.hostId) throw new AppError('not_found:meeting', 'No meeting with that id.');
    return caller;
  }
  const [row] = await tx
    .select({ p: participants, permissions: presets.permissions })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(eq(participants.id, caller.participantId));
  // A meeting the seat is not in answers exactly as one that does not exist: no existence oracle.
  if (!row || row.p.meetingId !== main.id)
    throw new AppError('not_found:meeting', 'No meeting with that id.');
  // An inactive meeting is closed to its participants (as their link and media token are); its host
  // still prepares and manages it.
  if (main.status !== 'ACTIVE') {
    throw new AppError('forbidden:meeting_inactive', 'This meeting is not active: nobody can move in it.');
  }
  return {
    kind: 'participant',
    participantId: row.p.id,
    permissions: permissionsSchema.parse(row.permissions),
  };
}

async function openRooms(tx: Tx, mainMeetingId: string) {
  const rows = await tx
    .select()
    .from(meetings)
    .where(and(eq(meetings.parentMeetingId, mainMeetingId), eq(meetings.roomStatus, 'open')));
  return new Map(rows.map((r) => [r.id, r]));
}

/** A meeting of this family (the main meeting or an open room), or a 404 naming the field. */
export function familyMeeting(f: Family, id: string, field: string): Meeting {
  const m = id === f.main.id ? f.main : f.rooms.get(id);
  if (!m)
    throw new AppError(
      'not_found:meeting',
      `No open room or main meeting with id ${id} in this meeting.`,
      field,
    );
  return m;
}

/**
 * Moves participants inside a command's transaction. Each must be in `sourceId`. A custom preset applies
 * in the destination only; a plain move clears any earlier one.
 */
export function moveWithin(
  f: Family,
  sourceId: string,
  destinationId: string,
  moved: MovedParticipant[],
): Promise<{ events: LoggedEvent[]; moved: Array<{ id: string; from: string }> }> {
  return moveManyWithin(f, [{ source: sourceId, destination: destinationId, moved }]);
}

export interface MoveGroup {
  source: string;
  destination: string;
  moved: MovedParticipant[];
}

/**
 * Several moves in one command (a draft start, closing rooms, placing late joiners): the same events,
 * errors and hints as `moveWithin` for each group in turn, in a fixed number of statements however many
 * groups there are. A draft start is one group per room, and so is closing every room: one group after
 * another (five statements each, under the main meeting's lock) a thousand people's start into a hundred
 * rooms answered in 682 ms on PGlite and 433 ms on PostgreSQL (p50), together in 145 and 98 ms.
 */
export async function moveManyWithin(
  f: Family,
  groups: MoveGroup[],
): Promise<{ events: LoggedEvent[]; moved: Array<{ id: string; from: string }> }> {
  const live = groups.filter((g) => g.moved.length > 0);
  if (live.length === 0) return { events: [], moved: [] };
  const ids = [...new Set(live.flatMap((g) => g.moved.map((m) => m.id)))];
  const rows = await f.tx
    .select({
      id: participants.id,
      meetingId: participants.meetingId,
      current: participants.currentMeetingId,
      presetId: participants.presetId,
      roomPresetId: participants.roomPresetId,
    })
    .from(participants)
    .where(inArray(participants.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Every preset that applies to one of them before or after (custom ones named by the caller too): its
  // owner to validate a custom one, its name for the event, and whether it hides them for the hints.
  const presetIds = [
    ...new Set([
      ...rows.flatMap((r) => (r.roomPresetId ? [r.presetId, r.roomPresetId] : [r.presetId])),
      ...live.flatMap((g) => g.moved.flatMap((m) => (m.preset_id ? [m.preset_id] : []))),
    ]),
  ];
  const presetRows = await f.tx
    .select({ id: presets.id, hostId: presets.hostId, name: presets.name, hidden: hiddenPreset() })
    .from(presets)
    .where(inArray(presets.id, presetIds));
  const presetOf = new Map(presetRows.map((p) => [p.id, p]));
  // Who is left in each source after each group: those the command does not move, read once (named
  // while no more than its largest group), with those it moves out of there, then followed group by group
  // with where each one is and which preset applies to them there.
  const sources = [...new Set(live.map((g) => g.source))];
  // A group large enough to be sent as bits (sourceHints) needs everyone in its source by name.
  const upTo = live.some((g) => g.moved.length >= BITS_FROM)
    ? 2 ** 31 - 1
    : Math.max(...live.map((g) => g.moved.length));
  const left = await stayersIn(f, sources, ids, upTo);
  const at = new Map(rows.map((r) => [r.id, r.current]));
  const roomPreset = new Map(rows.map((r) => [r.id, r.roomPresetId]));
  const hiddenThere = (id: string) => !!presetOf.get(roomPreset.get(id) ?? byId.get(id)!.presetId)?.hidden;
  for (const r of rows) {
    const there = left.get(r.current);
    if (!there) continue;
    const hidden = hiddenThere(r.id);
    there.all++;
    if (!hidden) there.visible++;
    there.members?.set(r.id, hidden);
  }
  const events: LoggedEvent[] = [];
  const moved: Array<{ id: string; from: string }> = [];
  for (const g of live) {
    g.moved.forEach((m, i) => {
      const row = byId.get(m.id);
      if (!row || row.meetingId !== f.main.id) {
        throw new AppError(
          'not_found:participant',
          `No participant with id ${m.id} in this meeting.`,
          `participants.${i}`,
        );
      }
      if (at.get(m.id) !== g.source) {
        throw new AppError(
          'conflict:not_in_source',
          `Participant ${m.id} is not in the source meeting ${g.source}; they are in ${at.get(m.id)}.`,
          `participants.${i}`,
        );
      }
    });
    g.moved.forEach((m, i) => {
      if (m.preset_id && presetOf.get(m.preset_id)?.hostId !== f.main.hostId) {
        throw new AppError(
          'invalid:preset_id',
          `No preset with id ${m.preset_id}.`,
          `participants.${i}.preset_id`,
        );
      }
    });
    const counts = left.get(g.source)!;
    // Who was in the source just before this group left it (hidden or not), for the bits.
    const before = g.moved.length >= BITS_FROM && counts.members ? [...counts.members] : undefined;
    for (const m of g.moved) {
      counts.all--;
      if (!hiddenThere(m.id)) counts.visible--;
      counts.members?.delete(m.id);
      at.set(m.id, g.destination);
      roomPreset.set(m.id, m.preset_id ?? null);
      const to = left.get(g.destination);
      if (to) {
        const hidden = hiddenThere(m.id);
        to.all++;
        if (!hidden) to.visible++;
        to.members?.set(m.id, hidden);
      }
    }
    const infos: MovedParticipantInfo[] = g.moved.map((m) => {
      const presetId = m.preset_id ?? byId.get(m.id)!.presetId;
      return {
        id: m.id,
        preset_id: presetId,
        preset_name: presetOf.get(presetId)?.name ?? '',
        custom_preset: !!m.preset_id,
      };
    });
    const payload = {
      source_meeting_id: g.source,
      destination_meeting_id: g.destination,
      participants: infos,
    };
    // Few enough left to name them instead of the people moved (the stream's compact form).
    const namesStaying = counts.all > 0 && counts.all <= g.moved.length && !!counts.members;
    events.push({
      type: 'participants_moved',
      payload,
      hints: {
        left_in_source: counts.all,
        visible_left_in_source: counts.visible,
        ...(namesStaying
          ? {
              left_ids: [...counts.members!.keys()],
              visible_left_ids: [...counts.members!].flatMap(([id, hidden]) => (hidden ? [] : [id])),
            }
          : {}),
        ...(before ? sourceHints(payload, before, counts, namesStaying) : {}),
      },
    });
    moved.push(...g.moved.map((m) => ({ id: m.id, from: g.source })));
  }
  // One statement for everyone: where each one ends up, with the preset that applies there.
  const now = new Date().toISOString();
  const values = ids.map(
    (id) => sql`(${id}::uuid, ${at.get(id)!}::uuid, ${roomPreset.get(id) ?? null}::uuid)`,
  );
  await f.tx.execute(sql`
    update ${participants}
    set current_meeting_id = v.destination, room_preset_id = v.room_preset, updated_at = ${now}::timestamptz
    from (values ${sql.join(values, sql`, `)}) as v(id, destination, room_preset)
    where ${participants.id} = v.id`);
  await endPendingMoves(f.tx, ids);
  return { events, moved };
}

/** Whether a preset hides the people it applies to (`hidden_participant`). */
const hiddenPreset = () =>
  sql<boolean>`coalesce((${presets.permissions}->>'hidden_participant')::boolean, false)`;

type SourceHints = Pick<
  EventHints,
  'source_bits' | 'source_size' | 'visible_source_bits' | 'visible_source_size'
>;

/**
 * A large move's largest group as bits over who was in its source meeting (lib/events/grouped-moves.ts),
 * for subscribers who see everyone and for those who see only who is not hidden: each only when it is
 * shorter than the ids the stream would name otherwise (the group's, or those who stay when fewer; none
 * when nobody they see stays).
 */
function sourceHints(
  payload: FullMove,
  before: Array<[string, boolean]>,
  left: { all: number; visible: number },
  namesStaying: boolean,
): SourceHints {
  const grouped = groupMove(payload);
  const group = grouped.groups[largestGroup(grouped)];
  if (!group || !('participant_ids' in group)) return {};
  const chosen = new Set(group.participant_ids);
  const size = chosen.size;
  const named = (stay: number) => (stay === 0 ? 0 : namesStaying && stay < size ? stay : size);
  const hints: SourceHints = {};
  if (bitsPayOff(before.length, size, named(left.all))) {
    hints.source_bits = sourceBits(
      before.map(([id]) => id),
      chosen,
    );
    hints.source_size = before.length;
  }
  // Those who see only the people not hidden get this move as it is only when it names no hidden one.
  const visible = before.flatMap(([id, hidden]) => (hidden ? [] : [id]));
  const hiddenMoved = before.some(([id, hidden]) => hidden && chosen.has(id));
  if (!hiddenMoved && bitsPayOff(visible.length, size, named(left.visible))) {
    hints.visible_source_bits = sourceBits(visible, chosen);
    hints.visible_source_size = visible.length;
  }
  return hints;
}

/**
 * Who of these meetings' people the command does not move (`moving`), per meeting: how many, how many of
 * them are not hidden, and (`members`, whether each is hidden) who they are while at most `upTo`.
 */
async function stayersIn(f: Family, meetingIds: string[], moving: string[], upTo: number) {
  const few = sql`count(*) <= ${upTo}::int`;
  const rows = await f.tx
    .select({
      meeting: participants.currentMeetingId,
      all: sql<number>`count(*)::int`,
      visible: sql<number>`(count(*) filter (where not ${hiddenPreset()}))::int`,
      // One comma-separated text each (the same on every driver), only while few.
      ids: sql<string | null>`case when ${few} then string_agg(${participants.id}::text, ',') end`,
      hidden: sql<
        string | null
      >`case when ${few} then string_agg(${participants.id}::text, ',') filter (where ${hiddenPreset()}) end`,
    })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(
      and(
        eq(participants.meetingId, f.main.id),
        inArray(participants.currentMeetingId, meetingIds),
        notInArray(participants.id, moving),
      ),
    )
    .groupBy(participants.currentMeetingId);
  const found = new Map(rows.map((r) => [r.meeting, r]));
  return new Map(
    meetingIds.map((id) => {
      const r = found.get(id);
      // Nobody stays there (no row), or they are too many to name (no ids).
      const hidden = new Set(r?.hidden?.split(','));
      const members =
        r?.ids === null ? undefined : new Map((r?.ids?.split(',') ?? []).map((p) => [p, hidden.has(p)]));
      return [id, { all: r?.all ?? 0, visible: r?.visible ?? 0, members }];
    }),
  );
}

/** Creates open rooms in this family (live at once, as in the reference). */
export async function createRoomsWithin(f: Family, titles: string[], ids?: string[]) {
  if (f.rooms.size + titles.length > MAX_OPEN_ROOMS) {
    throw new AppError(
      'invalid:too_many_rooms',
      `A meeting can have at most ${MAX_OPEN_ROOMS} open breakout rooms (${f.rooms.size} open now).`,
      'meetings',
    );
  }
  // Rooms are listed by creation time; rooms made together would share the transaction's now() and fall
  // back to random id order. One millisecond apart, after every open room, they list in the order given,
  // the same order the meetings_created event (and so every client) has.
  const latest = Math.max(0, ...[...f.rooms.values()].map((r) => r.createdAt.getTime()));
  const base = Math.max(Date.now(), latest + 1);
  const rows = await f.tx
    .insert(meetings)
    .values(
      titles.map((title, i) => ({
        ...(ids?.[i] ? { id: ids[i] } : {}),
        hostId: f.main.hostId,
        parentMeetingId: f.main.id,
        title,
        status: 'ACTIVE' as const,
        roomStatus: 'open' as const,
        // Rooms inherit the main meeting's record_on_start (which is the value that counts).
        recordOnStart: f.main.recordOnStart,
        createdAt: new Date(base + i),
      })),
    )
    .returning({ id: meetings.id, title: meetings.title, createdAt: meetings.createdAt });
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const r of rows) f.rooms.set(r.id, { ...f.main, ...r, parentMeetingId: f.main.id });
  return rows.map((r) => ({ id: r.id, title: r.title }));
}

/** Closes rooms: their occupants return to the main meeting first, then the rooms close. */
export async function closeRoomsWithin(f: Family, roomIds: string[]) {
  const events: BreakoutEvent[] = [];
  const moved: Array<{ id: string; from: string }> = [];
  // When the last open rooms close, their groups are kept as the plan "Last rooms" (Recreate rooms).
  const closingAll = roomIds.length > 0 && roomIds.length === f.rooms.size;
  const order = closingAll ? byCreation(f, roomIds) : roomIds;
  const occupants = order.length
    ? await f.tx
        .select({ id: participants.id, room: participants.currentMeetingId })
        .from(participants)
        .where(inArray(participants.currentMeetingId, order))
        .orderBy(asc(participants.createdAt), asc(participants.id))
    : [];
  const inRoom = new Map<string, string[]>(order.map((roomId) => [roomId, []]));
  for (const o of occupants) inRoom.get(o.room)!.push(o.id);
  const groups = order.map((roomId) => ({
    title: f.rooms.get(roomId)?.title ?? '',
    ids: inRoom.get(roomId)!,
  }));
  const out = await moveManyWithin(
    f,
    order.map((roomId, i) => ({
      source: roomId,
      destination: f.main.id,
      moved: groups[i]!.ids.map((id) => ({ id })),
    })),
  );
  events.push(...out.events);
  moved.push(...out.moved);
  if (closingAll) events.push(await keepLastRooms(f.tx, f.main.id, groups));
  if (roomIds.length > 0) {
    // A closed room's recording stops with it (its file is finished and kept), in this same transaction.
    await appendRoomEvents(f.tx, f.main.id, { kind: 'system' }, await stopRecordingsOfRooms(f.tx, roomIds));
    await f.tx
      .update(meetings)
      .set({ roomStatus: 'closed', updatedAt: new Date() })
      .where(and(inArray(meetings.id, roomIds), eq(meetings.parentMeetingId, f.main.id)));
    roomIds.forEach((id) => f.rooms.delete(id));
    events.push({ type: 'meetings_deleted', payload: { meeting_ids: roomIds } });
    // With the last room gone a pending "rooms close at" and the timer have nothing left to close, and
    // choosing ends too, so the next rooms open with it closed: one write (the reducer agrees).
    if (f.rooms.size === 0) {
      const { timer } = await getDeadlines(f.tx, f.main.id);
      await writeBreakoutState(f.tx, f.main.id, { ...NO_DEADLINES, ...SELF_SELECT_CLOSED });
      if (timer) events.push({ type: 'timer_updated', payload: { timer: null } });
    }
  }
  return { events, moved };
}

/** Room ids in the order the rooms were created (the order everyone sees them in). */
const byCreation = (f: Family, ids: string[]) =>
  [...ids].sort((a, b) => f.rooms.get(a)!.createdAt.getTime() - f.rooms.get(b)!.createdAt.getTime());
