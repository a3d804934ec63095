import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { AccessToken } from 'livekit-server-sdk';
import { db } from '@/db';
import { meetings, participants, presets } from '@/db/schema';
import type { Caller } from '@/lib/api/caller';
import { AppError } from '@/lib/errors';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { openRoom } from '@/lib/rooms/access';
import type { ListenerSeat } from './admission';
import { mediaConfig } from './config';
import {
  listenerGrant,
  listenerIdentity,
  parseListenerIdentity,
  type ListenMode,
  type ListenerPrincipal,
} from './listener';

/**
 * Listening tokens live 90 seconds: the page asks for a new one every minute while it listens, so a host
 * who loses their rights stops being able to reconnect within a minute and a half (and the join check
 * and sweep in enforce.ts remove a connection that is no longer allowed).
 */
export const LISTEN_TOKEN_TTL_SECONDS = 90;

/**
 * A hidden, receive-only media token for one room of a meeting family, for a caller with host powers
 * (the owner, or a participant whose preset has can_alter_connected_meetings) while the meeting is active
 * and the room open. It has its own identity, so the caller's seat in the main meeting stays connected.
 */
export async function mintListenToken(caller: Caller, meetingId: string, mode: ListenMode) {
  const config = mediaConfig();
  if (!config.available) throw new AppError('unavailable:media', config.reason);
  const d = await db();
  // 'manage' refuses callers without host powers, other hosts' meetings, inactive meetings, closed rooms.
  const { meeting, actor } = await d.transaction((tx) => openRoom(tx, caller, meetingId, 'manage'));
  const principal: ListenerPrincipal =
    actor.kind === 'host'
      ? { kind: 'host', id: actor.hostId }
      : { kind: 'participant', id: actor.participant.id };
  const identity = listenerIdentity(mode, principal);
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity,
    name: `${actor.name} (listening)`,
    metadata: JSON.stringify({ listener: mode }),
    ttl: LISTEN_TOKEN_TTL_SECONDS,
  });
  at.addGrant(listenerGrant(meeting.id));
  return {
    url: config.publicUrl,
    token: await at.toJwt(),
    room: meeting.id,
    identity,
    mode,
    expires_in: LISTEN_TOKEN_TTL_SECONDS,
  };
}

/** The key of a listening connection in `listenerSeats`' answer. */
export const listenerKey = (c: { room: string; identity: string }) => `${c.identity} ${c.room}`;

/**
 * What the database says now about each listening connection's right to be in its room: whether its
 * principal still has host powers over the room's family, the meeting is active and the room open.
 */
export async function listenerSeats(
  connections: Array<{ room: string; identity: string }>,
): Promise<Map<string, ListenerSeat>> {
  const out = new Map<string, ListenerSeat>();
  const d = await db();
  const roomIds = [...new Set(connections.map((c) => c.room))];
  const rooms = await d
    .select({ id: meetings.id, parent: meetings.parentMeetingId, roomStatus: meetings.roomStatus })
    .from(meetings)
    .where(inArray(meetings.id, roomIds));
  for (const c of connections) {
    const who = parseListenerIdentity(c.identity);
    const room = rooms.find((r) => r.id === c.room);
    if (!who || !room) continue;
    const mainId = room.parent ?? room.id;
    const [main] = await d
      .select({ hostId: meetings.hostId, status: meetings.status })
      .from(meetings)
      .where(eq(meetings.id, mainId));
    if (!main) continue;
    const hostPowers =
      who.kind === 'host' ? main.hostId === who.id : await participantHasHostPowers(who.id, mainId);
    out.set(listenerKey(c), {
      hostPowers,
      meetingActive: main.status === 'ACTIVE',
      roomOpen: !room.parent || room.roomStatus === 'open',
    });
  }
  return out;
}

/** Whether this participant of this main meeting has a preset (where they are now) that may alter rooms. */
async function participantHasHostPowers(participantId: string, mainId: string): Promise<boolean> {
  const d = await db();
  const [seat] = await d
    .select({ permissions: presets.permissions })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(and(eq(participants.id, participantId), eq(participants.meetingId, mainId)));
  return !!seat?.permissions.connected_meetings.can_alter_connected_meetings;
}
