// `participants_moved` with its people grouped by preset: what a stream opened with `?moves=grouped`
// carries (the product's own pages ask for it). A move names every person with the preset that applies to
// them, and a class moves nearly everyone with the same one: grouped, the preset is written once per
// group instead of once per person, about a third of the bytes. Every subscriber of a thousand-person move
// gets the whole event, so those bytes are most of what the stream's fan-out costs.
//
// A move that leaves nobody the subscriber could see in its source meeting (closing a room, everyone to
// one room, everyone back) is sent compact: its largest group says how many people it is
// (`others_in_source`) instead of naming them, as "everyone else who was in the source meeting". So is a
// move that leaves fewer people there than its largest group takes (everyone but the teacher): the group
// then also names who stays (`staying_ids`), and means everyone else who was there but them. The
// subscriber knows who that is from the snapshot and the events before it, and checks the number; a page
// whose count differs starts over from a snapshot. Pure: the server groups, the page and the benchmark's
// synthetic crowd expand.
import type { BreakoutEvent, MovedParticipantInfo } from '@/lib/breakout/events';

export const MOVE_FORMATS = ['full', 'grouped'] as const;
export type MoveFormat = (typeof MOVE_FORMATS)[number];

/** A move as it is stored: each person with the preset that applies to them. */
export type FullMove = Extract<BreakoutEvent, { type: 'participants_moved' }>['payload'];

/** The people of a grouped move who share a preset: the preset once, then their ids in the move's order. */
export type MoveGroup = Omit<MovedParticipantInfo, 'id'> & { participant_ids: string[] };

/**
 * A compact move's largest group: everyone who was in the source meeting, is in no other group and is not
 * named as staying there.
 */
export type OthersGroup = Omit<MovedParticipantInfo, 'id'> & {
  others_in_source: number;
  /** Who the move left in the source meeting (only those the subscriber sees); absent when nobody. */
  staying_ids?: string[];
};

export type GroupedMove = Omit<FullMove, 'participants'> & { groups: Array<MoveGroup | OthersGroup> };

/** Groups a move's people by preset: groups in the order their first person appears, ids in move order. */
export function groupMove(move: FullMove): GroupedMove {
  const { participants, ...rest } = move;
  const groups = new Map<string, MoveGroup>();
  for (const { id, preset_id, preset_name, custom_preset } of participants) {
    const key = JSON.stringify([preset_id, preset_name, custom_preset]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { preset_id, preset_name, custom_preset, participant_ids: [] }));
    group.participant_ids.push(id);
  }
  return { ...rest, groups: [...groups.values()] };
}

/**
 * A grouped move compact: its largest group (the first of equals) counts its people instead of naming
 * them, and names `staying`, who the move left in its source meeting (none: it emptied it). Unchanged when
 * naming those who stay would take no fewer ids than naming the group.
 */
export function compactMove(move: GroupedMove, staying: readonly string[] = []): GroupedMove {
  let largest = -1;
  move.groups.forEach((g, i) => {
    if (largest < 0 || sizeOf(g) > sizeOf(move.groups[largest]!)) largest = i;
  });
  if (largest < 0 || (staying.length > 0 && staying.length >= sizeOf(move.groups[largest]!))) return move;
  return {
    ...move,
    groups: move.groups.map((g, i) => {
      if (i !== largest || !('participant_ids' in g)) return g;
      const { participant_ids, ...preset } = g;
      const others = { ...preset, others_in_source: participant_ids.length };
      return staying.length ? { ...others, staying_ids: [...staying] } : others;
    }),
  };
}

const sizeOf = (g: MoveGroup | OthersGroup) => ('participant_ids' in g ? g.participant_ids.length : 0);

/**
 * The full form of a grouped move (group by group); a full one is returned as it is. A compact move's
 * others are the people `inSource` lists (who was in the source meeting just before it, as the subscriber
 * knows) whom no other group names and who are not staying, in that order. Undefined when a compact move
 * comes without them, or when they are not as many as the move says: the subscriber's view has drifted
 * and should start over.
 */
export function expandMove(
  move: FullMove | GroupedMove,
  inSource?: (meetingId: string) => readonly string[] | undefined,
): FullMove | undefined {
  if (!('groups' in move)) return move;
  const { groups, ...rest } = move;
  let others: string[] | undefined;
  if (groups.some((g) => 'others_in_source' in g)) {
    const named = new Set(
      groups.flatMap((g) => ('participant_ids' in g ? g.participant_ids : (g.staying_ids ?? []))),
    );
    others = inSource?.(move.source_meeting_id)?.filter((id) => !named.has(id));
    const counted = groups.reduce((n, g) => n + ('others_in_source' in g ? g.others_in_source : 0), 0);
    if (!others || others.length !== counted) return undefined;
  }
  return {
    ...rest,
    participants: groups.flatMap((g) => {
      if ('participant_ids' in g) {
        const { participant_ids, ...preset } = g;
        return participant_ids.map((id) => ({ id, ...preset }));
      }
      const { others_in_source: _count, staying_ids: _staying, ...preset } = g;
      return others!.map((id) => ({ id, ...preset }));
    }),
  };
}

/**
 * Whether a move takes this person, for a subscriber who knows only where they themselves are
 * (`selfMeetingId`, as the stream last said): named in a group, or one of a compact move's others (in
 * its source and not staying).
 */
export function movesPerson(move: FullMove | GroupedMove, selfId: string, selfMeetingId?: string): boolean {
  if (!('groups' in move)) return move.participants.some((p) => p.id === selfId);
  if (move.groups.some((g) => 'participant_ids' in g && g.participant_ids.includes(selfId))) return true;
  return (
    selfMeetingId === move.source_meeting_id &&
    move.groups.some((g) => 'others_in_source' in g && !g.staying_ids?.includes(selfId))
  );
}
