import type { ParticipantPermission, VideoGrant } from 'livekit-server-sdk';
import { sendNothingGrant } from './grants';

// The warm room switch (MEDIA_WARM_SWITCH=on): a page keeps one connection, without any rights and
// hidden, to the room a move will most likely take it to. That connection has an identity of its own,
// `warm-<seat id>-<nonce>`: the seat's identity (its id) stays the one connection that is the person in
// a room, the one presence, sessions, recording, kicks and the removal of stragglers know. A warm
// connection is never given rights: the move is carried out by the page connecting with the seat's
// identity (docs/architecture.md says why). Pure, so the rules are tested as tables;
// lib/livekit/admission.ts, enforce.ts and service.ts apply them.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const WARM_IDENTITY = new RegExp(`^warm-(${UUID})-([0-9a-z]{8,32})$`, 'i');

/** A fresh identity for a warm connection of this seat (a new nonce each time: two tabs never collide). */
export function warmIdentity(seatId: string): string {
  return `warm-${seatId}-${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** The seat a warm connection's identity belongs to, or undefined when it is not a warm identity. */
export function seatOfWarmIdentity(identity: string): string | undefined {
  return WARM_IDENTITY.exec(identity)?.[1]?.toLowerCase();
}

/** Where the seat is and which main meeting it belongs to. */
export interface SeatPlace {
  currentMeetingId: string;
  mainMeetingId: string;
}

/**
 * The one room a move will most likely take this participant to next, or undefined. In a breakout room
 * it is the main meeting ("return" and "close all" lead there). In the main meeting nothing is likely
 * enough: a draft's rooms do not exist until the start that moves everyone, and a self-select list has
 * no single likely choice.
 */
export function likelyDestination(seat: SeatPlace): string | undefined {
  return seat.currentMeetingId !== seat.mainMeetingId ? seat.mainMeetingId : undefined;
}

/** The grant of a warm connection: it may join the room and nothing else, and nobody sees it. */
export function warmGrant(room: string): VideoGrant {
  return sendNothingGrant(room, { canSubscribe: false });
}

/** Whether a connection's permission, as the media server reports it, carries any right at all. */
export function hasRights(p: Partial<ParticipantPermission> | undefined): boolean {
  if (!p) return true; // unknown: judge it as a full connection
  return !!(p.canSubscribe || p.canPublish || p.canPublishData || !p.hidden);
}
