import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { RoomServiceClient, type ParticipantPermission, type TrackInfo } from 'livekit-server-sdk';
import { z } from 'zod';
import { db } from '@/db';
import { env } from '@/lib/env';
import { meetings, participants, presets, recordings } from '@/db/schema';
import { UNFINISHED_STATUSES } from '@/lib/recording/statuses';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import {
  judgeListener,
  judgeMedia,
  judgeRecorder,
  type MediaSeat,
  type MediaVerdict,
  type RecorderSeat,
  type ReportedTrack,
} from './admission';
import { listenerKey, listenerSeats } from './listen';
import { parseListenerIdentity } from './listener';
import { recordingIdOf } from './recorder';
import { httpUrl, mediaConfig } from './config';
import { plannedRoomsOf } from '@/lib/breakout/planned-rooms-read';
import { selfChoicesOf } from '@/lib/breakout/choices-read';
import { pendingMovesOf } from '@/lib/breakout/pending-moves-read';
import { latePlacementsOf } from '@/lib/breakout/late-placement-read';
import { grantsFor } from './grants';
import { promoteWarm } from './promote';
import { hasRights } from './warm';

/** The participant attribute that tells the page why the media server took one of its tracks away. */
export const MEDIA_REFUSED_ATTRIBUTE = 'breakout.media_refused';

const uuid = z.uuid();
const isUuid = (value: string) => uuid.safeParse(value).success;

/**
 * Seat identities are participant ids (a seat's warm connection has it too, lib/livekit/warm.ts);
 * recorders (`recorder-<id>`) are judged by their recording, listeners by their principal.
 */
export const isSeatIdentity = isUuid;

/** The media server's room API, or undefined when media is not configured. */
export function roomService() {
  const config = mediaConfig();
  return config.available
    ? new RoomServiceClient(httpUrl(config.url), config.apiKey, config.apiSecret)
    : undefined;
}

/** The seat behind each identity, as the database has it now: where they are, and what they may send. */
export async function mediaSeats(identities: string[]): Promise<Map<string, MediaSeat>> {
  const ids = [...new Set(identities.filter(isSeatIdentity))];
  if (ids.length === 0) return new Map();
  const d = await db();
  const rows = await d
    .select({
      id: participants.id,
      mainMeetingId: participants.meetingId,
      currentMeetingId: participants.currentMeetingId,
      status: meetings.status,
      permissions: presets.permissions,
    })
    .from(participants)
    .innerJoin(meetings, eq(meetings.id, participants.meetingId))
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(inArray(participants.id, ids));
  // With the warm switch, a seat in its main meeting may wait warm in its draft room's planned id.
  const planned = warmSwitchOn()
    ? await plannedRoomsOf(
        d,
        rows
          .filter((r) => r.currentMeetingId === r.mainMeetingId)
          .map((r) => ({ participantId: r.id, mainMeetingId: r.mainMeetingId })),
      )
    : new Map<string, string>();
  // …and in a room it may move itself into (the page warms the one the person points at).
  const choices = warmSwitchOn()
    ? await selfChoicesOf(
        d,
        rows.map((r) => ({ ...r, participantId: r.id })),
      )
    : new Map<string, string[]>();
  // …and in a room a host has just picked for it in the manager (lib/breakout/pending-moves.ts).
  const pending = warmSwitchOn()
    ? await pendingMovesOf(
        d,
        rows.map((r) => r.id),
      )
    : new Map<string, { room: string }>();
  // …and, a late joiner waiting there while rooms run, in the room placing late joiners would give it.
  const placements = warmSwitchOn()
    ? await latePlacementsOf(
        d,
        rows.filter((r) => !planned.has(r.id)).map((r) => ({ ...r, participantId: r.id })),
      )
    : new Map<string, string>();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        currentMeetingId: r.currentMeetingId,
        mainMeetingId: r.mainMeetingId,
        meetingActive: r.status === 'ACTIVE',
        permissions: r.permissions,
        plannedRoomId: planned.get(r.id),
        choices: choices.get(r.id),
        pendingRoomId: pending.get(r.id)?.room,
        placementRoomId: placements.get(r.id),
      },
    ]),
  );
}

/** The recording behind each recorder identity's id, as the database has it now. */
async function recorderSeats(ids: string[]): Promise<Map<string, RecorderSeat>> {
  const d = await db();
  const rows = await d
    .select({ id: recordings.id, meetingId: recordings.meetingId, status: recordings.status })
    .from(recordings)
    .where(inArray(recordings.id, [...new Set(ids)]));
  return new Map(
    rows.map((r) => [
      r.id,
      { meetingId: r.meetingId, unfinished: (UNFINISHED_STATUSES as readonly string[]).includes(r.status) },
    ]),
  );
}

const reported = (t: TrackInfo): ReportedTrack => ({ sid: t.sid, type: t.type, source: t.source });

/** One connection the media server reports, with the tracks it publishes. */
export interface Connection {
  room: string;
  identity: string;
  tracks: TrackInfo[];
  /** Its rights now, as the media server reports them (undefined when not known). */
  permission?: ParticipantPermission;
}

/** Whether the warm room switch is on (MEDIA_WARM_SWITCH=on). */
export const warmSwitchOn = () => env().MEDIA_WARM_SWITCH;

/**
 * The grant of a seat with these permissions in this room. With the warm switch on nobody gets the data
 * right: the media server forwards a room's data to every connection in it, with or without the right to
 * subscribe, so data sent there would reach the people waiting warm. The page sends none (chat goes
 * through the REST API), so it loses nothing.
 */
export function seatGrant(...args: Parameters<typeof grantsFor>) {
  const grant = grantsFor(...args);
  return warmSwitchOn() ? { ...grant, canPublishData: false } : grant;
}

/**
 * Judges each connection against its seat and tells the media server: a refused connection is removed;
 * an admitted one loses the publish right for each source it misused, which makes the server unpublish
 * those tracks for everyone (muting would leave them published, and the client could unmute). `spare`
 * names participants moved moments ago, who still have the grace period to leave their old room.
 */
export async function enforceConnections(
  connections: Connection[],
  spare: ReadonlySet<string> = new Set(),
): Promise<{ removed: number; refusedTracks: number }> {
  const client = roomService();
  const ours = connections.filter((c) => isSeatIdentity(c.identity));
  const recorders = connections.filter((c) => recordingIdOf(c.identity));
  const listeners = connections.filter((c) => parseListenerIdentity(c.identity));
  if (!client || ours.length + recorders.length + listeners.length === 0)
    return { removed: 0, refusedTracks: 0 };
  let removed = 0;
  let refusedTracks = 0;
  if (listeners.length > 0) {
    const seats = await listenerSeats(listeners);
    for (const c of listeners) {
      if (judgeListener(seats.get(listenerKey(c)), c.tracks.map(reported)).admit) continue;
      await removeConnection(client, c.room, c.identity);
      removed++;
    }
  }
  if (recorders.length > 0) {
    const recordingsById = await recorderSeats(recorders.map((c) => recordingIdOf(c.identity)!));
    for (const c of recorders) {
      if (judgeRecorder(recordingsById.get(recordingIdOf(c.identity)!), c.room).admit) continue;
      await removeConnection(client, c.room, c.identity);
      removed++;
    }
  }
  if (ours.length === 0) return { removed, refusedTracks };
  const seats = await mediaSeats(ours.map((c) => c.identity));
  const warmSwitch = warmSwitchOn();
  const toPromote: string[] = [];
  for (const c of ours) {
    const seat = seats.get(c.identity);
    const verdict = judgeMedia(seat, c.room, c.tracks.map(reported), {
      warmSwitch,
      permission: c.permission,
    });
    if (
      verdict.admit &&
      warmSwitch &&
      seat?.currentMeetingId === c.room &&
      c.permission &&
      !hasRights(c.permission)
    ) {
      // A warm connection the seat's move has brought it to, not promoted yet (it joined as the move
      // committed): it is the person in the room now.
      toPromote.push(c.identity);
    }
    if (!verdict.admit) {
      if (verdict.reason === 'elsewhere' && spare.has(c.identity)) continue;
      await removeConnection(client, c.room, c.identity);
      removed++;
    } else if (verdict.refused.length > 0 && seat) {
      await refuseTracks(client, c.room, c.identity, seat, verdict);
      refusedTracks += verdict.refused.length;
    }
  }
  if (toPromote.length > 0) await promoteWarm(toPromote);
  return { removed, refusedTracks };
}

async function removeConnection(client: RoomServiceClient, room: string, identity: string) {
  try {
    await client.removeParticipant(room, identity);
  } catch (err) {
    if (!/not.?found/i.test(String(err))) console.warn('Could not remove a media connection', err);
  }
}

/**
 * A seat grant as the permission UpdateParticipant sets (the whole set: it replaces the old one), with
 * the sources it may publish (the grant's own unless narrowed).
 */
export function permissionOf(
  grant: ReturnType<typeof seatGrant>,
  sources = grant.canPublishSources ?? [],
): Partial<ParticipantPermission> {
  return {
    canSubscribe: grant.canSubscribe,
    canPublish: sources.length > 0,
    canPublishSources: sources,
    canPublishData: grant.canPublishData,
    canUpdateMetadata: false,
    hidden: grant.hidden,
  };
}

/** Revokes the misused sources (the full permission set is sent: it replaces the old one whole). */
async function refuseTracks(
  client: RoomServiceClient,
  room: string,
  identity: string,
  seat: MediaSeat,
  verdict: Extract<MediaVerdict, { admit: true }>,
) {
  const grant = seatGrant(seat.permissions, room);
  const misused = new Set(verdict.refused.map((r) => r.track.source));
  const sources = (grant.canPublishSources ?? []).filter((s) => !misused.has(s));
  const reason = verdict.refused.map((r) => r.reason).join(' ');
  try {
    await client.updateParticipant(room, identity, {
      permission: permissionOf(grant, sources),
      attributes: { [MEDIA_REFUSED_ATTRIBUTE]: `${reason} Rejoin to send it again.` },
    });
  } catch (err) {
    if (!/not.?found/i.test(String(err))) console.warn('Could not take a refused track away', err);
  }
}

/** A webhook's join: is this identity still allowed in this room? Removed at once if not. */
export function enforceJoin(room: string, identity: string, permission?: ParticipantPermission) {
  return enforceConnections([{ room, identity, tracks: [], permission }]);
}

/** A webhook's published track: its kind and declared source must be ones the preset allows. */
export function enforceTrack(room: string, identity: string, track: TrackInfo) {
  return enforceConnections([{ room, identity, tracks: [track] }]);
}

/** Everyone connected to one media room now, with their tracks and rights (none when it does not exist). */
export async function listRoomConnections(room: string): Promise<Connection[]> {
  const client = roomService();
  if (!client) return [];
  try {
    return (await client.listParticipants(room)).map((p) => ({
      room,
      identity: p.identity,
      tracks: p.tracks,
      permission: p.permission,
    }));
  } catch (err) {
    if (!/not.?found/i.test(String(err))) console.warn('Could not list media room participants', err);
    return [];
  }
}

/** Everyone connected to any of the app's media rooms (named by meeting id) now, with their tracks, as the media server lists them. */
export async function listConnections(): Promise<Connection[]> {
  const client = roomService();
  if (!client) return [];
  // Every room, even one that counts nobody: hidden connections (recorders, warm ones) are not counted.
  const rooms = (await client.listRooms()).filter((r) => isUuid(r.name));
  const lists = await Promise.all(
    rooms.map((r) =>
      client.listParticipants(r.name).then(
        (people) =>
          people.map((p) => ({
            room: r.name,
            identity: p.identity,
            tracks: p.tracks,
            permission: p.permission,
          })),
        () => [],
      ),
    ),
  );
  return lists.flat();
}
