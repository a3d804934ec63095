import 'server-only';
import type { EventRow } from '@/db/schema';
import type { MovedParticipantInfo } from '@/lib/breakout/events';
import { mediaConfig } from '@/lib/livekit/config';
import { mintMediaToken } from '@/lib/livekit/service';
import { findParticipantSession, type ParticipantSession } from '@/lib/participants/service';
import { permissionsSchema } from '@/lib/presets/permissions';
import { POLL_EVENT_TYPES } from './room-events';
import { dataFrame, eventFrame } from './sse-format';
import type { StreamCaller } from './subscriber';

/**
 * What one subscriber of a main meeting's stream may receive, kept current as events go by.
 *
 * Hosts (the owner's API key or dashboard, and participants whose preset may alter the rooms) receive
 * everything. A participant receives the family's breakout events, the chat and polls of the meeting they
 * are in now (polls only with `polls.can_view`) and nothing addressed to the hosts. When an event moves
 * them, the seat held here follows them to the new room (read again only if their preset changed) and,
 * before the event itself, they are sent a `media_token` for the new room, so their page can switch rooms
 * without asking for one.
 */
export class StreamViewer {
  private constructor(
    private readonly participantId: string | undefined,
    private seat: ParticipantSession | undefined,
  ) {}

  static async open(caller: StreamCaller): Promise<StreamViewer> {
    if (caller.kind === 'host') return new StreamViewer(undefined, undefined);
    const seat = caller.seat ? withParsedPreset(caller.seat) : await loadSeat(caller.participantId);
    return new StreamViewer(caller.participantId, seat);
  }

  private get hostPowers(): boolean {
    if (!this.participantId) return true;
    return this.seat?.preset.permissions.connected_meetings.can_alter_connected_meetings ?? false;
  }

  /** The frames for these rows when no database read is needed; undefined when one is. */
  framesNow(rows: readonly EventRow[]): Uint8Array[] | undefined {
    if (!this.participantId) return rows.map(eventFrame);
    if (rows.some((r) => this.concernsSelf(r))) return undefined;
    const frames: Uint8Array[] = [];
    for (const row of rows) if (this.mayReceive(row)) frames.push(eventFrame(row));
    return frames;
  }

  /**
   * The frames for these rows, in order. A move of this participant updates where they are from the event
   * itself (their seat is read again only when the move changed their preset) and adds a media token for
   * the destination; a change to their seat reads it again.
   */
  async frames(rows: readonly EventRow[]): Promise<Uint8Array[]> {
    const now = this.framesNow(rows);
    if (now) return now;
    const frames: Uint8Array[] = [];
    for (const row of rows) {
      if (this.concernsSelf(row)) {
        if (row.type === 'participants_moved') {
          await this.follow(row.payload as MovedPayload);
          const token = await this.mediaTokenFrame();
          if (token) frames.push(token);
        } else {
          this.seat = await loadSeat(this.participantId!);
        }
      }
      if (this.mayReceive(row)) frames.push(eventFrame(row));
    }
    return frames;
  }

  /** Applies a move of this participant to the seat held here, as the database has it after that move. */
  private async follow(moved: MovedPayload) {
    const me = moved.participants.find((p) => p.id === this.participantId);
    if (!this.seat || !me || me.preset_id !== this.seat.preset.id) {
      this.seat = await loadSeat(this.participantId!);
      return;
    }
    const participant = { ...this.seat.participant, currentMeetingId: moved.destination_meeting_id };
    this.seat = { ...this.seat, participant };
  }

  private mayReceive(row: EventRow): boolean {
    if (this.hostPowers) return true;
    if (row.audience === 'hosts') return false;
    if (row.roomId && row.roomId !== this.seat?.participant.currentMeetingId) return false;
    if (POLL_EVENT_TYPES.has(row.type) && !this.seat?.preset.permissions.polls.can_view) return false;
    return true;
  }

  /** True for an event that moves this participant or changes their seat. */
  private concernsSelf(row: EventRow): boolean {
    const id = this.participantId;
    if (row.type === 'participants_moved') {
      return (row.payload as MovedPayload).participants.some((p) => p.id === id);
    }
    if (row.type === 'participant_updated') {
      return (row.payload as { participant: { id: string } }).participant.id === id;
    }
    return false;
  }

  private async mediaTokenFrame(): Promise<Uint8Array | undefined> {
    if (!this.seat || !mediaConfig().available || this.seat.meeting.status !== 'ACTIVE') return undefined;
    try {
      return dataFrame('media_token', await mintMediaToken(this.seat));
    } catch (err) {
      // The page asks for a token itself when none came with the move.
      console.warn('Could not mint a media token for a moved participant', err);
      return undefined;
    }
  }
}

/** A participant's seat with the preset that applies where they are now (undefined once removed). */
async function loadSeat(participantId: string): Promise<ParticipantSession | undefined> {
  const row = await findParticipantSession(participantId);
  return row && withParsedPreset(row);
}

/** The seat with its preset's permissions completed with their defaults. */
const withParsedPreset = (seat: ParticipantSession): ParticipantSession => ({
  ...seat,
  preset: { ...seat.preset, permissions: permissionsSchema.parse(seat.preset.permissions) },
});

interface MovedPayload {
  destination_meeting_id: string;
  participants: MovedParticipantInfo[];
}
