import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db';
import { meetings, participants, presets } from '@/db/schema';
import { publish } from '@/lib/events/bus';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { Gate } from '@/lib/limits/concurrency';
import { launchRecordings } from '@/lib/recording/supervisor';
import { mediaConfig } from './config';
import { permissionOf, roomService, seatGrant, warmSwitchOn } from './enforce';
import { applyConnections } from './service';

// The warm room switch's commit (MEDIA_WARM_SWITCH=on). A page in a breakout room keeps a warm connection
// in its main meeting: the seat's own identity, no right, hidden (lib/livekit/warm.ts). When a move takes
// the seat into the room where that connection waits, the server gives it the seat's rights there with
// LiveKit's UpdateParticipant: it becomes visible, may publish what the preset allows, and the media
// server subscribes it to the room's tracks. The page then publishes on the connection it already has,
// so signalling, ICE and DTLS are off the critical path. The media server sends no webhook when rights
// change, so the server writes the arrival (presence, session, `presence_changed`, record_on_start)
// itself; the connection's leave webhook, which it sends with rights, writes the departure as usual.

/** After a move commits: promotes the moved seats' warm connections, without holding up the caller. */
export function promoteWarmSoon(participantIds: string[]) {
  if (participantIds.length === 0 || !warmSwitchOn() || !mediaConfig().available) return;
  promoteWarm(participantIds).catch((err: unknown) =>
    console.warn('Could not promote warm connections', err),
  );
}

// One promotion of a seat at a time in this process: a move and the move back, promoted out of order,
// would otherwise race. Each reads where the seat is now when it runs, so the last one wins.
const running = new Map<string, Promise<number>>();

/**
 * For each of these seats, gives the rights of the room it is in now (as the database has it when this
 * runs) to its connection in that room, if it has one there. Resolves with how many were promoted (their
 * arrival is new). Idempotent: a connection promoted already is given the same rights and is not counted.
 */
export async function promoteWarm(participantIds: string[]): Promise<number> {
  const ids = [...new Set(participantIds)];
  const before = Promise.all(ids.map((id) => (running.get(id) ?? Promise.resolve(0)).catch(() => 0)));
  const work = before.then(() => promoteNow(ids));
  for (const id of ids) running.set(id, work);
  try {
    return await work;
  } finally {
    for (const id of ids) if (running.get(id) === work) running.delete(id);
  }
}

// The media server's calls a promotion makes at once in this process: a class's draft start promotes
// everyone together, and a hundred rooms' worth of requests opened at the same moment would only queue
// at the media server (and open as many sockets to it).
const mediaCalls = new Gate(32, Number.POSITIVE_INFINITY);

async function promoteNow(ids: string[]): Promise<number> {
  const client = roomService();
  if (!client || ids.length === 0 || !warmSwitchOn()) return 0;
  const d = await db();
  const current = alias(meetings, 'current_meeting');
  const seats = await d
    .select({
      id: participants.id,
      room: participants.currentMeetingId,
      host: participants.isHostSeat,
      presetName: presets.name,
      permissions: presets.permissions,
      audioLocked: current.audioLocked,
    })
    .from(participants)
    .innerJoin(meetings, eq(meetings.id, participants.meetingId))
    .innerJoin(current, eq(current.id, participants.currentMeetingId))
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(and(inArray(participants.id, ids), eq(meetings.status, 'ACTIVE')));
  // Every seat is promoted at once, with no look at the rooms first: a seat has one connection per room
  // (its identity), so the call reaches the warm one if it waits there, and answers "not found" when
  // nothing does. A connection that has its rights already (promoted before, or connected anew when the
  // page stopped waiting) is given the same rights again, which the media server takes as no change (one
  // narrowed meanwhile for a track sent under the wrong source gets that source back, and its next such
  // track is refused again), and its arrival, already counted under its sid, is not counted twice
  // (applyConnections). Listing each room first, to promote only the rights-less, cost a class's draft
  // start a round trip per room before anyone had rights. The arrivals are then written together (one
  // transaction, the main meeting locked once): written one by one, each waited for the meeting's lock
  // behind the others, past the two seconds a page waits for its promotion before it connects anew.
  const arrivals = (
    await Promise.all(
      seats.map(async ({ room, ...seat }) => {
        const grant = seatGrant(seat.permissions, room, { audioLocked: seat.audioLocked });
        try {
          const info = await mediaCalls.run(() =>
            client.updateParticipant(room, seat.id, {
              metadata: JSON.stringify({ preset_name: seat.presetName, host: seat.host }),
              permission: permissionOf(grant),
            }),
          );
          return { participantId: seat.id, room, sid: info.sid };
        } catch (err) {
          // Nothing waits there (or it left meanwhile): the page connects as usual.
          if (!/not.?found|does not exist/i.test(String(err)))
            console.warn('Could not promote a warm connection', err);
          return undefined;
        }
      }),
    )
  ).filter((a) => a !== undefined);
  return recordArrivals(arrivals);
}

/**
 * The promoted connections are the people in their rooms now: what their join webhooks would have
 * written. Resolves with how many arrivals were new (not counted under their connection already).
 */
async function recordArrivals(
  arrivals: Array<{ participantId: string; room: string; sid: string }>,
): Promise<number> {
  if (arrivals.length === 0) return 0;
  // Webhooks carry whole seconds: a leave within the same second must still count as later.
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const list = arrivals.map((a) => ({ ...a, joined: true, at }));
  const d = await db();
  const applied = await d
    .transaction((tx) => applyConnections(tx, list))
    // One arrival's problem must not lose the others': apart, each fails alone.
    .catch(() =>
      Promise.all(
        list.map((c) =>
          d
            .transaction((tx) => applyConnections(tx, [c]))
            .then(([one]) => one)
            .catch((err: unknown) => {
              console.warn('Could not record a promoted arrival', err);
              return undefined;
            }),
        ),
      ),
    );
  for (const notify of new Set(applied.map((a) => a?.notify))) if (notify) await publish(notify);
  const launches = applied.flatMap((a) => (a?.launch ? [a.launch] : []));
  if (launches.length > 0) launchRecordings(launches);
  return applied.filter((a) => a?.changed).length;
}
