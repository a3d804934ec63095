import 'server-only';
import { and, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { db } from '@/db';
import { apiKeys, events, participants } from '@/db/schema';
import { loadPresetViews } from '@/lib/breakout/state';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import type { Permissions } from '@/lib/presets/permissions';
import type { PresetView } from './visibility';

/**
 * A host's presets by id, permissions completed with their defaults. Equal permissions are one shared
 * object (`sharedPermissions`): each of a class's streams loads the presets, and the media token frames
 * of a move are shared by what a token says, rights included, so equal rights must be recognisable
 * without comparing them stream by stream.
 */
export async function loadPresets(hostId: string): Promise<Map<string, PresetView>> {
  const views = await loadPresetViews(await db(), hostId);
  for (const view of views.values()) view.permissions = sharedPermissions(view.permissions);
  return views;
}

const permissionObjects = new Map<string, WeakRef<Permissions>>();
const forgetPermissions = new FinalizationRegistry<string>((text) => {
  if (!permissionObjects.get(text)?.deref()) permissionObjects.delete(text);
});

/** One object per distinct set of permissions in this process (held only while a stream holds it). */
export function sharedPermissions(permissions: Permissions): Permissions {
  const text = JSON.stringify(permissions);
  const known = permissionObjects.get(text)?.deref();
  if (known) return known;
  permissionObjects.set(text, new WeakRef(permissions));
  forgetPermissions.register(permissions, text);
  return permissions;
}

/** The preset that applies to each participant of a main meeting now. */
export async function loadPresetOf(mainMeetingId: string): Promise<Map<string, string>> {
  const d = await db();
  const rows = await d
    .select({ id: participants.id, presetId: sql<string>`${effectivePresetId()}` })
    .from(participants)
    .where(eq(participants.meetingId, mainMeetingId));
  return new Map(rows.map((r) => [r.id, r.presetId]));
}

const naming = (participantId: string) =>
  sql`(${events.payload}->'participant'->>'id' = ${participantId} or ${events.payload}->'participants' @> ${JSON.stringify([{ id: participantId }])}::jsonb)`;

/**
 * Where a participant was at an event id of their meeting's log, and the preset that applied there, read
 * from the log itself: the last addition or move naming them up to that id, and any later change of
 * their preset. Undefined when the log does not say (their addition predates it).
 */
export async function seatAt(
  mainMeetingId: string,
  participantId: string,
  eventId: number,
): Promise<{ roomId: string; presetId: string } | undefined> {
  const d = await db();
  const upTo = (types: string[], id: number) =>
    d
      .select({ id: events.id, type: events.type, payload: events.payload })
      .from(events)
      .where(
        and(
          eq(events.mainMeetingId, mainMeetingId),
          lte(events.id, id),
          inArray(events.type, types),
          naming(participantId),
        ),
      )
      .orderBy(desc(events.id))
      .limit(1);
  const [placed] = await upTo(['participant_added', 'participants_moved'], eventId);
  if (!placed) return undefined;
  let roomId: string;
  let presetId: string;
  if (placed.type === 'participant_added') {
    const p = placed.payload as { meeting_id: string; participant: { preset_id: string } };
    roomId = p.meeting_id;
    presetId = p.participant.preset_id;
  } else {
    const p = placed.payload as {
      destination_meeting_id: string;
      participants: Array<{ id: string; preset_id: string }>;
    };
    roomId = p.destination_meeting_id;
    presetId = p.participants.find((x) => x.id === participantId)!.preset_id;
  }
  const [updated] = await upTo(['participant_updated'], eventId);
  if (updated && updated.id > placed.id) {
    presetId = (updated.payload as { participant: { preset_id: string } }).participant.preset_id;
  }
  return { roomId, presetId };
}

/** True while an API key exists and is not revoked. */
export async function apiKeyValid(keyId: string): Promise<boolean> {
  const d = await db();
  const [row] = await d
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  return Boolean(row);
}
