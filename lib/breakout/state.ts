import 'server-only';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { breakoutStates, meetings, participants, presence, presets } from '@/db/schema';
import { currentVersion, lastEventId } from '@/lib/events/log';
import type { PresetView } from '@/lib/events/visibility';
import { permissionsSchema } from '@/lib/presets/permissions';
import { timerOf } from './closes-at';
import type { BreakoutTimer } from './timer-clock';

export interface ConnectedParticipant {
  id: string;
  custom_participant_id: string | null;
  name: string;
  picture: string | null;
  preset_id: string;
  preset_name: string;
  tags: string[];
  connected: boolean;
}

export interface ConnectedMeeting {
  id: string;
  title: string;
  participants: ConnectedParticipant[];
}

export interface ConnectedMeetingsState {
  parent_meeting: ConnectedMeeting;
  meetings: Array<ConnectedMeeting & { status: 'open' }>;
  /** When every open room closes by itself (ISO time), or null. */
  closes_at: string | null;
  /** "Let participants choose": open or closed, and seats per room (null: no cap). */
  self_select: { enabled: boolean; capacity: number | null };
  /** Whether the server places late joiners in the room with the fewest people. */
  late_joiners: { auto_place: boolean };
  version: number;
  /** The breakout timer (when the rooms' time is up, the warning, whether they close then), or null. */
  timer: BreakoutTimer | null;
  last_event_id: number;
}

/**
 * The breakout state of a main meeting: the main meeting and its open rooms, each with the participants
 * in it now (with the preset that applies there and whether their media is connected).
 */
export async function loadConnectedMeetings(
  q: Queryable,
  mainMeetingId: string,
): Promise<ConnectedMeetingsState> {
  // One query after another: a transaction's connection runs one query at a time.
  const [main] = await q.select().from(meetings).where(eq(meetings.id, mainMeetingId));
  const rooms = await q
    .select()
    .from(meetings)
    .where(and(eq(meetings.parentMeetingId, mainMeetingId), eq(meetings.roomStatus, 'open')))
    .orderBy(asc(meetings.createdAt), asc(meetings.id));
  const people = await q
    .select({ p: participants, presetName: presets.name })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(eq(participants.meetingId, mainMeetingId))
    .orderBy(asc(participants.createdAt), asc(participants.id));
  const version = await currentVersion(q, mainMeetingId);
  const [deadline] = await q
    .select({
      closesAt: breakoutStates.closesAt,
      selfSelectEnabled: breakoutStates.selfSelectEnabled,
      selfSelectCapacity: breakoutStates.selfSelectCapacity,
      lateJoinersAutoPlace: breakoutStates.lateJoinersAutoPlace,
      endsAt: breakoutStates.timerEndsAt,
      warning: breakoutStates.timerWarningSeconds,
      autoClose: breakoutStates.timerAutoClose,
    })
    .from(breakoutStates)
    .where(eq(breakoutStates.mainMeetingId, mainMeetingId));
  const lastId = await lastEventId(q, mainMeetingId);
  if (!main) throw new Error(`meeting ${mainMeetingId} not found`);
  const ids = people.map((r) => r.p.id);
  const live = ids.length
    ? await q
        .select({ participantId: presence.participantId, room: presence.room })
        .from(presence)
        .where(and(inArray(presence.participantId, ids), eq(presence.connected, true)))
    : [];
  const connected = new Set(live.map((l) => `${l.participantId}:${l.room}`));
  const byRoom = new Map<string, ConnectedParticipant[]>();
  for (const { p, presetName } of people) {
    const list = byRoom.get(p.currentMeetingId) ?? [];
    list.push({
      id: p.id,
      custom_participant_id: p.customParticipantId,
      name: p.name,
      picture: p.picture,
      preset_id: p.roomPresetId ?? p.presetId,
      preset_name: presetName,
      tags: p.tags,
      connected: connected.has(`${p.id}:${p.currentMeetingId}`),
    });
    byRoom.set(p.currentMeetingId, list);
  }
  return {
    parent_meeting: { id: main.id, title: main.title, participants: byRoom.get(main.id) ?? [] },
    meetings: rooms.map((r) => ({
      id: r.id,
      title: r.title,
      status: 'open',
      participants: byRoom.get(r.id) ?? [],
    })),
    closes_at: deadline?.closesAt?.toISOString() ?? null,
    self_select: {
      enabled: deadline?.selfSelectEnabled ?? false,
      capacity: deadline?.selfSelectCapacity ?? null,
    },
    late_joiners: { auto_place: deadline?.lateJoinersAutoPlace ?? false },
    version,
    timer: timerOf(deadline),
    last_event_id: lastId,
  };
}

/** A host's presets by id, with their permissions (to decide what a participant may see). */
export async function loadPresetViews(q: Queryable, hostId: string): Promise<Map<string, PresetView>> {
  const rows = await q
    .select({ id: presets.id, name: presets.name, permissions: presets.permissions })
    .from(presets)
    .where(eq(presets.hostId, hostId));
  return new Map(rows.map((r) => [r.id, { ...r, permissions: permissionsSchema.parse(r.permissions) }]));
}
