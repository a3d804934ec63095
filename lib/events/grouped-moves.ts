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
// whose count differs starts over from a snapshot. A large group in a large meeting that would take many
// ids either way (half of two thousand people: a thousand ids named, or a thousand staying) is sent as
// bits instead (`source_bits`): one bit for each person who was in the source meeting, in the order of
// their ids, set for those the group takes; two thousand people are 336 characters, where a thousand ids
// are 38.5 KB. Pure: the server groups, the page and the benchmark's synthetic crowd expand.
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
  /**
   * Instead of `staying_ids`: which of the people in the source meeting (those the subscriber sees) the
   * group is, as bits over them in the order of their ids (`sourceBits`). Only for large groups.
   */
  source_bits?: string;
  /** With `source_bits`: how many people they are over (who was in the source meeting, as seen). */
  source_size?: number;
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
  const largest = largestGroup(move);
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

/** The index of a grouped move's largest group (the first of equals), or -1 when it has none. */
export function largestGroup(move: GroupedMove): number {
  let largest = -1;
  move.groups.forEach((g, i) => {
    if (largest < 0 || sizeOf(g) > sizeOf(move.groups[largest]!)) largest = i;
  });
  return largest;
}

/**
 * The fewest people a group names before it may be sent as bits (`bitsMove`): a small move keeps naming
 * its people, which every subscriber can read without a roster.
 */
export const BITS_FROM = 64;

/** What naming one person costs in a grouped move: a quoted id and its comma. */
const ID_CHARS = 39;

/**
 * Whether bits over a source meeting of `inSource` people are worth sending for a group of `size` that
 * would otherwise name `named` ids (the group itself, or those who stay when fewer): only from BITS_FROM
 * people, and only when shorter.
 */
export const bitsPayOff = (inSource: number, size: number, named: number): boolean =>
  size >= BITS_FROM && Math.ceil(inSource / 8 / 3) * 4 < named * ID_CHARS;

/**
 * The bits of `chosen` among `roster` (who was in the source meeting): one for each person of the roster in
 * the order of their ids, the first the high bit of the first byte, set for those chosen; base64.
 */
export function sourceBits(roster: Iterable<string>, chosen: ReadonlySet<string>): string {
  const ids = [...roster].sort();
  const bytes = new Uint8Array(Math.ceil(ids.length / 8));
  ids.forEach((id, i) => {
    if (chosen.has(id)) bytes[i >> 3]! |= 0x80 >> (i & 7);
  });
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/**
 * Those of `roster` whom `bits` sets (sourceBits), in the order of their ids; undefined when the bits do
 * not fit the roster (not `size` people, another length, or a bit set past its end): the subscriber's
 * view has drifted.
 */
export function fromSourceBits(
  roster: readonly string[],
  bits: string,
  size = roster.length,
): string[] | undefined {
  if (roster.length !== size) return undefined;
  let text: string;
  try {
    text = atob(bits);
  } catch {
    return undefined;
  }
  const ids = [...roster].sort();
  if (text.length !== Math.ceil(ids.length / 8)) return undefined;
  const chosen: string[] = [];
  for (let i = 0; i < text.length * 8; i++) {
    if (!(text.charCodeAt(i >> 3) & (0x80 >> (i & 7)))) continue;
    if (i >= ids.length) return undefined;
    chosen.push(ids[i]!);
  }
  return chosen;
}

/**
 * A grouped move whose largest group is sent as `bits` (sourceBits over the `size` people who were in the
 * source meeting, as the subscriber sees them) with its count, instead of naming its people.
 */
export function bitsMove(move: GroupedMove, bits: string, size: number): GroupedMove {
  const largest = largestGroup(move);
  return {
    ...move,
    groups: move.groups.map((g, i) => {
      if (i !== largest || !('participant_ids' in g)) return g;
      const { participant_ids, ...preset } = g;
      return { ...preset, others_in_source: participant_ids.length, source_bits: bits, source_size: size };
    }),
  };
}

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
  const bits = new Map<OthersGroup, string[]>();
  if (groups.some((g) => 'others_in_source' in g)) {
    const roster = inSource?.(move.source_meeting_id);
    if (!roster) return undefined;
    for (const g of groups) {
      if (!('source_bits' in g) || g.source_bits === undefined) continue;
      const chosen = fromSourceBits(roster, g.source_bits, g.source_size);
      if (!chosen || chosen.length !== g.others_in_source) return undefined;
      bits.set(g, chosen);
    }
    const named = new Set(
      groups.flatMap((g) =>
        'participant_ids' in g ? g.participant_ids : (bits.get(g) ?? g.staying_ids ?? []),
      ),
    );
    others = roster.filter((id) => !named.has(id));
    // A group sent as bits names its people; the others are everyone else not named nor staying.
    const counted = groups.filter((g) => 'others_in_source' in g && !bits.has(g));
    const count = counted.reduce((n, g) => n + ('others_in_source' in g ? g.others_in_source : 0), 0);
    if (counted.length > 0 && others.length !== count) return undefined;
  }
  return {
    ...rest,
    participants: groups.flatMap((g) => {
      if ('participant_ids' in g) {
        const { participant_ids, ...preset } = g;
        return participant_ids.map((id) => ({ id, ...preset }));
      }
      const {
        others_in_source: _count,
        staying_ids: _staying,
        source_bits: _bits,
        source_size: _size,
        ...preset
      } = g;
      return (bits.get(g) ?? others!).map((id) => ({ id, ...preset }));
    }),
  };
}

/**
 * Whether a move takes this person, for a subscriber who knows only where they themselves are
 * (`selfMeetingId`, as the stream last said): named in a group, or one of a compact move's others (in
 * its source and not staying). A group sent as bits needs who was in the source (`inSource`, as for
 * expandMove); undefined when it is not given or does not fit the bits.
 */
export function movesPerson(
  move: FullMove | GroupedMove,
  selfId: string,
  selfMeetingId?: string,
  inSource?: (meetingId: string) => readonly string[] | undefined,
): boolean | undefined {
  if (!('groups' in move)) return move.participants.some((p) => p.id === selfId);
  if (move.groups.some((g) => 'participant_ids' in g && g.participant_ids.includes(selfId))) return true;
  if (selfMeetingId !== move.source_meeting_id) return false;
  let taken = false;
  for (const g of move.groups) {
    if (!('others_in_source' in g)) continue;
    if (g.source_bits === undefined) {
      taken ||= !g.staying_ids?.includes(selfId);
      continue;
    }
    const roster = inSource?.(move.source_meeting_id);
    const chosen = roster && fromSourceBits(roster, g.source_bits, g.source_size);
    if (!chosen) return undefined;
    taken ||= chosen.includes(selfId);
  }
  return taken;
}
