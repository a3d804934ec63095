import 'server-only';
import { and, eq, inArray, isNull, lte, ne, not, or, sql } from 'drizzle-orm';
import { AccessToken, RoomServiceClient, TokenVerifier, WebhookReceiver } from 'livekit-server-sdk';
import { jsonTextProblem } from '@/lib/schemas';
import { z } from 'zod';
import { db, type Tx } from '@/db';
import { meetings, participants, presence, webhookEvents } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { appendEvents, appendRoomEvents, lockMainMeeting } from '@/lib/events/log';
import { applyEgressWebhook } from '@/lib/recording/egress-webhook';
import { recordOnArrival } from '@/lib/recording/lifecycle';
import { launchRecordings } from '@/lib/recording/supervisor';
import { closeRoomConnections, recordConnection } from '@/lib/sessions/lifecycle';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import type { ParticipantSession } from '@/lib/participants/service';
import type { BreakoutEvent } from '@/lib/breakout/events';
import { plannedRoomsOf } from '@/lib/breakout/planned-rooms-read';
import { pendingMovesOf } from '@/lib/breakout/pending-moves-read';
import { selfChoicesOf } from '@/lib/breakout/choices-read';
import { latePlacementsOf } from '@/lib/breakout/late-placement-read';
import { httpUrl, mediaConfig } from './config';
import { enforceJoin, enforceTrack, seatGrant, warmSwitchOn } from './enforce';
import { hasRights, likelyDestination, mayWaitWarmIn, warmGrant } from './warm';
import { createPresenceBatcher } from './presence-batch';

/**
 * Media tokens live for three minutes: long enough to connect, short enough that a token kept after a
 * move or removal soon stops opening anything (and every join is checked against the seat anyway). A
 * connected client loses nothing: the media server sends it a fresh token at once and every 5 minutes,
 * and the page asks the app for a new one whenever it connects again.
 */
export const MEDIA_TOKEN_TTL_SECONDS = 3 * 60;

function requireMedia() {
  const config = mediaConfig();
  if (!config.available) throw new AppError('unavailable:media', config.reason);
  return config;
}

/**
 * A LiveKit token for the room this participant is in now. Identity, room and rights all come from the
 * database: nothing in the request can widen them. `moveEventId`: minted for the stream of someone that
 * move took there (see audioLockedOf).
 */
export async function mintMediaToken(seat: ParticipantSession, moveEventId?: number) {
  const config = requireMedia();
  if (seat.meeting.status !== 'ACTIVE')
    throw new AppError('forbidden:meeting_inactive', 'This meeting is not active.');
  const room = seat.participant.currentMeetingId;
  const audioLocked = await audioLockedOf(room, moveEventId);
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity: seat.participant.id,
    name: seat.participant.name,
    metadata: JSON.stringify({ preset_name: seat.preset.name, host: seat.participant.isHostSeat }),
    ttl: MEDIA_TOKEN_TTL_SECONDS,
  });
  at.addGrant(seatGrant(seat.preset.permissions, room, { audioLocked }));
  return { url: config.publicUrl, token: await at.toJwt(), room, expires_in: MEDIA_TOKEN_TTL_SECONDS };
}

/**
 * How often a late joiner's page asks again where to wait warm: the room placing them would give them
 * changes as others arrive and people move, and nothing on the event stream says so.
 */
export const PLACEMENT_ASK_AGAIN_SECONDS = 10;

/**
 * A warm token (MEDIA_WARM_SWITCH=on): for the one room a move will likely take this participant to
 * next, under the seat's own identity, with no right at all and hidden (lib/livekit/warm.ts). Nothing of
 * that room reaches the connection and nobody there sees it; presence and sessions ignore it until a move
 * takes the seat there and the server gives it the seat's rights (lib/livekit/promote.ts). With `roomId`,
 * for that room instead: one the participant may move themselves into now (a self-select list, or a preset
 * that may switch rooms), which the page asks for while the person points at it; any other room is a 409
 * naming `room_id`. No token when the switch is off or no room is likely.
 */
export async function mintWarmToken(seat: ParticipantSession, roomId?: string) {
  const config = requireMedia();
  if (seat.meeting.status !== 'ACTIVE')
    throw new AppError('forbidden:meeting_inactive', 'This meeting is not active.');
  const none = { url: config.publicUrl, token: null, room: null, expires_in: 0, ask_again_in: null };
  if (!warmSwitchOn()) return none;
  const { id, currentMeetingId, meetingId: mainMeetingId } = seat.participant;
  const d = await db();
  const planned =
    currentMeetingId === mainMeetingId
      ? (await plannedRoomsOf(d, [{ participantId: id, mainMeetingId }])).get(id)
      : undefined;
  const pick = (await pendingMovesOf(d, [id])).get(id);
  const pendingRoomId = pick?.room;
  const placementRoomId =
    currentMeetingId === mainMeetingId && !planned && !pick
      ? (await latePlacementsOf(d, [{ participantId: id, mainMeetingId, currentMeetingId }])).get(id)
      : undefined;
  const place = { currentMeetingId, mainMeetingId, plannedRoomId: planned, pendingRoomId, placementRoomId };
  let room = likelyDestination(place);
  if (roomId !== undefined) {
    const choices =
      roomId === room
        ? undefined
        : await selfChoicesOf(d, [
            { participantId: id, mainMeetingId, currentMeetingId, permissions: seat.preset.permissions },
          ]);
    if (!mayWaitWarmIn({ ...place, choices: choices?.get(id) }, roomId)) {
      throw new AppError(
        'conflict:not_a_choice',
        roomId === currentMeetingId
          ? 'room_id: you are in that room already; a warm connection waits only where you may go next.'
          : 'room_id: that is not a room you may move yourself into now (it must be an open breakout room, while the hosts let participants choose or your preset lets you switch rooms).',
        'room_id',
      );
    }
    room = roomId;
  }
  if (!room) return none;
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity: seat.participant.id,
    name: seat.participant.name,
    ttl: MEDIA_TOKEN_TTL_SECONDS,
  });
  at.addGrant(warmGrant(room));
  return {
    url: config.publicUrl,
    token: await at.toJwt(),
    room,
    expires_in: MEDIA_TOKEN_TTL_SECONDS,
    // A host's pick lapses: then the likely room is another one again. A late joiner's placement follows
    // the rooms' sizes and who else waits, so the page asks again now and then.
    ask_again_in:
      pick && room === pick.room
        ? Math.ceil(pick.msLeft / 1000)
        : room === placementRoomId
          ? PLACEMENT_ASK_AGAIN_SECONDS
          : null,
  };
}

const audioLockReads = new Map<string, Promise<boolean | undefined>>();

/**
 * Whether a room's audio is locked. With `moveEventId` (a token minted on the event stream for that move),
 * the streams minting for one move share one read: a move of hundreds mints a token on each of their
 * streams at once, and a thousand identical queries queued on the pool made the last ones wait past its
 * connection timeout. Every such read began after that move was committed, so a shared one is as fresh as
 * a read of one's own.
 */
function audioLockedOf(room: string, moveEventId?: number): Promise<boolean | undefined> {
  const read = async () => {
    const [here] = await (
      await db()
    )
      .select({ audioLocked: meetings.audioLocked })
      .from(meetings)
      .where(eq(meetings.id, room));
    return here?.audioLocked;
  };
  if (moveEventId === undefined) return read();
  const key = `${room}:${moveEventId}`;
  let shared = audioLockReads.get(key);
  if (!shared) {
    shared = read().finally(() => audioLockReads.delete(key));
    audioLockReads.set(key, shared);
  }
  return shared;
}

/** Disconnects a participant from a media room at once (no-op when media is off or they are not there). */
export async function disconnectFromRoom(room: string, participantId: string): Promise<void> {
  const config = mediaConfig();
  if (!config.available) return;
  const client = new RoomServiceClient(httpUrl(config.url), config.apiKey, config.apiSecret);
  try {
    await client.removeParticipant(room, participantId);
  } catch (err) {
    // "not found" means they already left; anything else is worth a log line but must not fail the caller.
    if (!/not.?found/i.test(String(err))) console.warn('Could not remove participant from media room', err);
  }
}

const uuid = z.uuid();

/** Whether `authorization` is the media server's signature of exactly this body (its JWT with the body's SHA-256). */
async function signedByMediaServer(
  body: string,
  authorization: string | null,
  config: { apiKey: string; apiSecret: string },
): Promise<boolean> {
  if (!authorization) return false;
  try {
    const claims = await new TokenVerifier(config.apiKey, config.apiSecret).verify(authorization);
    const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
    return claims.sha256 === Buffer.from(hash).toString('base64');
  } catch {
    return false;
  }
}

/**
 * Verifies and applies one webhook delivery from the media server. A bad signature is a 401 and records
 * nothing; a delivery seen before is acknowledged and applied once.
 */
export async function receiveWebhook(body: string, authorization: string | null) {
  const config = requireMedia();
  if (!(await signedByMediaServer(body, authorization, config)))
    throw new AppError('unauthorized:webhook', 'The webhook signature is not valid.');
  let event: Awaited<ReturnType<WebhookReceiver['receive']>>;
  try {
    // Signed by the media server: only the event itself is left to read.
    event = await new WebhookReceiver(config.apiKey, config.apiSecret).receive(body, undefined, true);
  } catch (err) {
    throw new AppError(
      'invalid',
      `The webhook is not a media server event (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  if (!event.id) throw new AppError('invalid', 'The webhook has no id.');
  // Signed, yet text the database cannot hold (NUL, a lone surrogate) would fail there with a 500.
  const problem = jsonTextProblem(JSON.parse(body) as unknown, 'webhook');
  if (problem) throw new AppError('invalid', `The ${problem}.`);
  const eventAt = new Date(Number(event.createdAt) * 1000);
  const room = event.room?.name ?? '';
  const identity = event.participant?.identity ?? '';
  const joined = event.event === 'participant_joined';
  const left = event.event === 'participant_left' || event.event === 'participant_connection_aborted';
  // A warm connection (the seat's identity, no right, hidden) is not the person: its join and its leave
  // change no presence. Its promotion, when a move takes the seat to its room, writes the arrival.
  const warm = warmSwitchOn() && !!event.participant?.permission && !hasRights(event.participant.permission);
  let result: { applied: boolean; duplicate: boolean };
  if ((joined || left) && room && uuid.safeParse(identity).success && !warm) {
    // A seat's connection came or went: applied with the others arriving meanwhile (presence-batch.ts),
    // which wakes the meeting's streams before answering.
    const outcome = await presenceBatcher.apply({
      eventId: event.id,
      eventType: event.event,
      participantId: identity,
      room,
      joined,
      sid: event.participant?.sid || undefined,
      at: eventAt,
    });
    if (outcome.launch) launchRecordings([outcome.launch]);
    result = { applied: outcome.applied, duplicate: outcome.duplicate };
  } else {
    const d = await db();
    result = await d.transaction(async (tx) => {
      const [fresh] = await tx
        .insert(webhookEvents)
        .values({ id: event.id, event: event.event })
        .onConflictDoNothing()
        .returning({ id: webhookEvents.id });
      if (!fresh) return { applied: false, duplicate: true };
      if (event.event === 'room_finished' && room) {
        await tx
          .update(presence)
          .set({ connected: false, eventAt })
          .where(and(eq(presence.room, room), lte(presence.eventAt, eventAt)));
        if (uuid.safeParse(room).success) await closeRoomConnections(tx, room, eventAt);
        return { applied: true, duplicate: false };
      }
      return { applied: false, duplicate: false };
    });
  }
  if (result.duplicate) return result;
  // LiveKit Egress reports its recordings' progress here (RECORDING_BACKEND=egress).
  if (event.egressInfo && event.event.startsWith('egress_')) {
    return { ...result, applied: await applyEgressWebhook(event.egressInfo) };
  }
  // Media rights follow the seat: a join or a track the seat does not allow is undone at once. This runs
  // after the commit and never fails the delivery (the sweep in lib/breakout/enforce.ts catches up).
  try {
    if (event.event === 'participant_joined' && room && identity)
      await enforceJoin(room, identity, event.participant?.permission);
    if (event.event === 'track_published' && room && identity && event.track)
      await enforceTrack(room, identity, event.track);
  } catch (err) {
    console.warn('Could not check a media connection against its seat', err);
  }
  return result;
}

/** A seat's connection arriving in a media room or leaving it. */
export interface SeatConnection {
  participantId: string;
  room: string;
  joined: boolean;
  sid?: string;
  at: Date;
}

/** What applying one connection change did; undefined when the participant is unknown. */
export type ConnectionApplied = { changed: boolean; notify?: string; launch?: string } | undefined;

/**
 * A seat's connection arrived in a media room or left it (a webhook, or the promotion of its warm
 * connection): its presence row, its session connection, a `presence_changed` event when presence
 * changed, and `record_on_start` on arrival. Runs inside the caller's transaction. `notify` and `launch`
 * are for the caller to act on after the commit.
 */
export async function applyConnection(tx: Tx, c: SeatConnection): Promise<ConnectionApplied> {
  return (await applyConnections(tx, [c]))[0];
}

/**
 * Many connection changes in one transaction, one result each (`applyConnection` for each, in order,
 * as far as anyone can tell): each main meeting is locked once, in id order (the order every lock taker
 * that holds more than one uses, so two batches never wait on each other), and its `presence_changed`
 * events are appended together, before anything that must follow them in the log (a session starting or
 * ending, a recording started on arrival).
 */
export async function applyConnections(tx: Tx, list: SeatConnection[]): Promise<ConnectionApplied[]> {
  const out: ConnectionApplied[] = list.map(() => undefined);
  if (list.length === 0) return out;
  const known = await tx
    .select({
      id: participants.id,
      mainMeetingId: participants.meetingId,
      presetId: sql<string>`${effectivePresetId()}`,
    })
    .from(participants)
    .where(inArray(participants.id, [...new Set(list.map((c) => c.participantId))]));
  const byId = new Map(known.map((k) => [k.id, k]));
  for (const mainId of [...new Set(known.map((k) => k.mainMeetingId))].sort()) {
    // Lock order as in every breakout command: the main meeting first.
    const main = await lockMainMeeting(tx, mainId);
    let pending: BreakoutEvent[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      // Presence keeps the version: see appendEvents.
      await appendEvents(tx, mainId, { kind: 'system' }, pending, { bump: false });
      pending = [];
    };
    for (const [i, c] of list.entries()) {
      const seat = byId.get(c.participantId);
      if (seat?.mainMeetingId !== mainId) continue;
      const row = {
        participantId: c.participantId,
        room: c.room,
        connected: c.joined,
        participantSid: c.sid ?? null,
        eventAt: c.at,
      };
      const changed = await tx
        .insert(presence)
        .values(row)
        .onConflictDoUpdate({
          target: [presence.participantId, presence.room],
          set: { connected: row.connected, participantSid: row.participantSid, eventAt: c.at },
          // Deliveries can arrive out of order: never let an older event undo a newer one. An arrival of
          // the connection already counted here (a promotion asked for again) changes nothing.
          setWhere:
            c.joined && c.sid
              ? and(
                  lte(presence.eventAt, c.at),
                  or(
                    not(presence.connected),
                    isNull(presence.participantSid),
                    ne(presence.participantSid, c.sid),
                  ),
                )
              : lte(presence.eventAt, c.at),
        })
        .returning({ room: presence.room });
      // Sessions keep every connection, also a reordered one the presence row above ignores. A session
      // that starts or ends here comes after the presence changes before it.
      await recordConnection(
        tx,
        main,
        {
          participantId: c.participantId,
          room: c.room,
          sid: c.sid || `${c.participantId}@${c.room}`,
          at: c.at,
          kind: c.joined ? 'join' : 'leave',
        },
        flush,
      );
      if (changed.length === 0) {
        out[i] = { changed: false };
        continue;
      }
      pending.push({
        type: 'presence_changed',
        payload: {
          participant_id: c.participantId,
          meeting_id: c.room,
          connected: c.joined,
          preset_id: seat.presetId,
        },
      });
      // record_on_start: the first person to arrive in a room starts its recording.
      const started = c.joined ? await recordOnArrival(tx, main, c.room, c.participantId) : undefined;
      if (started) {
        await flush();
        await appendRoomEvents(tx, main.id, { kind: 'system' }, [started]);
      }
      out[i] = { changed: true, notify: mainId, launch: started?.payload.recording.id };
    }
    await flush();
  }
  return out;
}

/** The media server's join and leave deliveries, applied together as they arrive (presence-batch.ts). */
export const presenceBatcher = createPresenceBatcher(async (tx, list) =>
  (await applyConnections(tx, list)).map((a) =>
    a
      ? { applied: a.changed, duplicate: false, notify: a.notify, launch: a.launch }
      : { applied: false, duplicate: false },
  ),
);

/** Which of these participants are connected to media now, and in which room. */
export async function connectedRooms(participantIds: string[]): Promise<Map<string, string>> {
  if (participantIds.length === 0) return new Map();
  const d = await db();
  const rows = await d
    .select({ participantId: presence.participantId, room: presence.room })
    .from(presence)
    .where(and(inArray(presence.participantId, participantIds), eq(presence.connected, true)))
    .orderBy(sql`${presence.eventAt} asc`);
  return new Map(rows.map((r) => [r.participantId, r.room]));
}
