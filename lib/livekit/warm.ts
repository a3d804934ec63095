import type { ParticipantPermission, VideoGrant } from 'livekit-server-sdk';
import { sendNothingGrant } from './grants';

// The warm room switch (MEDIA_WARM_SWITCH=on): a page keeps one connection, without any rights and
// hidden, to the room a move will most likely take it to, under the seat's own identity. While the seat
// is elsewhere that connection is nobody: nothing of the room reaches it, nobody there sees it, and
// presence and sessions ignore it. When a move takes the seat there, the server gives it the seat's
// rights (lib/livekit/promote.ts) and it is the person in the room, known by the same identity to
// presence, sessions, recording, kicks and the removal of stragglers. Pure, so the rules are tested as
// tables; lib/livekit/admission.ts, enforce.ts, promote.ts and service.ts apply them.

/** Where the seat is, which main meeting it belongs to, and the room the host's draft plans for it. */
export interface SeatPlace {
  currentMeetingId: string;
  mainMeetingId: string;
  /** The id the room the draft assigns this participant to will have when the draft starts (planned-rooms.ts). */
  plannedRoomId?: string;
  /** The open rooms they may move themselves into now (`selfChoices`): a warm connection may wait in one. */
  choices?: readonly string[];
  /** The room a host picked for them in the manager and has not moved them to yet (`pending_moves`). */
  pendingRoomId?: string;
  /**
   * For a late joiner waiting in the main meeting while rooms run, the room "Place late joiners" would
   * put them in now (lib/breakout/late-placement-read.ts).
   */
  placementRoomId?: string;
}

/**
 * How long a host's pick in the manager (a room chosen for someone, not yet moved) keeps their page waiting
 * warm there: long enough for the Move that usually follows within a second or two, short enough that a
 * pick abandoned does not hold a connection for long.
 */
export const PENDING_MOVE_SECONDS = 20;

/**
 * The one room a move will most likely take this participant to next, or undefined. A room a host has just
 * picked for them in the manager comes first (the Move usually follows). Otherwise, in a breakout room it
 * is the main meeting ("return" and "close all" lead there). In the main meeting it is the room the host's
 * draft assigns them to (its id is fixed before the start, lib/breakout/planned-rooms.ts), or else, for a
 * late joiner waiting there while rooms run, the room placing the late joiners would put them in now.
 * Otherwise nothing is likely enough (a self-select list has no single likely choice).
 */
export function likelyDestination(seat: SeatPlace): string | undefined {
  if (seat.pendingRoomId && seat.pendingRoomId !== seat.currentMeetingId) return seat.pendingRoomId;
  if (seat.currentMeetingId !== seat.mainMeetingId) return seat.mainMeetingId;
  return seat.plannedRoomId ?? seat.placementRoomId;
}

/** What decides the rooms a participant may move themselves into now. */
export interface ChoiceRules {
  currentMeetingId: string;
  /** The family's open breakout rooms. */
  openRooms: readonly string[];
  /** Whether the hosts let participants choose ("let participants choose" is open). */
  choosing: boolean;
  /** The connected-meetings permissions of the preset that applies where they are now. */
  permissions: { can_switch_connected_meetings?: boolean; can_alter_connected_meetings?: boolean };
}

/**
 * The open rooms a participant may move themselves into now, as the move command decides it
 * (lib/breakout/rules.ts): every open room but their own while the hosts let participants choose, or when
 * their preset lets them switch rooms (or alter them). Nothing otherwise.
 */
export function selfChoices(r: ChoiceRules): string[] {
  const may =
    r.choosing ||
    !!r.permissions.can_switch_connected_meetings ||
    !!r.permissions.can_alter_connected_meetings;
  return may ? r.openRooms.filter((id) => id !== r.currentMeetingId) : [];
}

/**
 * Where a warm connection may wait for this participant: the likely room, or one of the rooms they may
 * pick themselves (the page asks for the one the person points at, lib/client/media/warm-connection.ts).
 * Never the room they are in: there, a connection is the person, with their rights.
 */
export function mayWaitWarmIn(seat: SeatPlace, room: string): boolean {
  if (room === seat.currentMeetingId) return false;
  return room === likelyDestination(seat) || !!seat.choices?.includes(room);
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
