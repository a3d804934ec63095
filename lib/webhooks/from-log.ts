// Which entries of a meeting's event log (lib/events/log.ts) are webhook events, and their `data`. Pure.
import type { BreakoutEvent } from '@/lib/breakout/events';
import type { ModerationEvent } from '@/lib/moderation/events';
import type { RoomEvent } from '@/lib/events/room-events';
import type { WebhookEventType } from './rules';

export interface QueuedWebhookEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

type LogEvent = BreakoutEvent | RoomEvent | ModerationEvent;

/** The webhook event one log entry of a main meeting stands for, or null when it is none. */
export function webhookEventOf(mainMeetingId: string, e: LogEvent): QueuedWebhookEvent | null {
  const main = { main_meeting_id: mainMeetingId };
  switch (e.type) {
    case 'presence_changed':
      return {
        type: e.payload.connected ? 'meeting.participantJoined' : 'meeting.participantLeft',
        data: { ...main, meeting_id: e.payload.meeting_id, participant_id: e.payload.participant_id },
      };
    case 'meetings_created':
      return { type: 'breakout.roomsCreated', data: { ...main, meetings: e.payload.meetings } };
    case 'meetings_deleted':
      return { type: 'breakout.roomsClosed', data: { ...main, meeting_ids: e.payload.meeting_ids } };
    case 'participants_moved':
      return { type: 'breakout.participantsMoved', data: { ...main, ...e.payload } };
    case 'recording_updated':
      return {
        type: 'recording.statusUpdate',
        data: {
          ...main,
          meeting_id: e.payload.recording.meeting_id,
          status: e.payload.recording.status,
          recording: e.payload.recording,
        },
      };
    case 'chat_message':
      return {
        type: 'chat.message',
        data: { ...main, meeting_id: e.payload.message.meeting_id, message: e.payload.message },
      };
    default:
      return null;
  }
}
