// `participants_moved` with its people grouped by preset: what a stream opened with `?moves=grouped`
// carries (the product's own pages ask for it). A move names every person with the preset that applies to
// them, and a class moves nearly everyone with the same one: grouped, the preset is written once per
// group instead of once per person, about a third of the bytes. Every subscriber of a thousand-person move
// gets the whole event, so those bytes are most of what the stream's fan-out costs. Pure: the server
// groups, the page and the benchmark's synthetic crowd expand.
import type { BreakoutEvent, MovedParticipantInfo } from '@/lib/breakout/events';

export const MOVE_FORMATS = ['full', 'grouped'] as const;
export type MoveFormat = (typeof MOVE_FORMATS)[number];

/** A move as it is stored: each person with the preset that applies to them. */
export type FullMove = Extract<BreakoutEvent, { type: 'participants_moved' }>['payload'];

/** The people of a grouped move who share a preset: the preset once, then their ids in the move's order. */
export type MoveGroup = Omit<MovedParticipantInfo, 'id'> & { participant_ids: string[] };

export type GroupedMove = Omit<FullMove, 'participants'> & { groups: MoveGroup[] };

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

/** The full form of a grouped move (group by group); a full one is returned as it is. */
export function expandMove(move: FullMove | GroupedMove): FullMove {
  if (!('groups' in move)) return move;
  const { groups, ...rest } = move;
  return {
    ...rest,
    participants: groups.flatMap(({ participant_ids, ...preset }) =>
      participant_ids.map((id) => ({ id, ...preset })),
    ),
  };
}
