import { describe, expect, it } from 'vitest';
import { webhookEventOf } from './from-log';

const main = '00000000-0000-4000-8000-000000000001';
const room = '00000000-0000-4000-8000-000000000002';

describe('webhook events of the meeting log', () => {
  it('maps presence, rooms, moves, recordings and chat, and nothing else', () => {
    const joined = webhookEventOf(main, {
      type: 'presence_changed',
      payload: { participant_id: 'p1', meeting_id: room, connected: true },
    });
    expect(joined).toEqual({
      type: 'meeting.participantJoined',
      data: { main_meeting_id: main, meeting_id: room, participant_id: 'p1' },
    });
    const left = webhookEventOf(main, {
      type: 'presence_changed',
      payload: { participant_id: 'p1', meeting_id: room, connected: false },
    });
    expect(left?.type).toBe('meeting.participantLeft');
    expect(
      webhookEventOf(main, { type: 'meetings_created', payload: { meetings: [{ id: room, title: 'R' }] } }),
    ).toEqual({
      type: 'breakout.roomsCreated',
      data: { main_meeting_id: main, meetings: [{ id: room, title: 'R' }] },
    });
    expect(webhookEventOf(main, { type: 'meetings_deleted', payload: { meeting_ids: [room] } })?.type).toBe(
      'breakout.roomsClosed',
    );
    expect(
      webhookEventOf(main, {
        type: 'participants_moved',
        payload: { source_meeting_id: main, destination_meeting_id: room, participants: [] },
      })?.type,
    ).toBe('breakout.participantsMoved');
    expect(webhookEventOf(main, { type: 'draft_updated', payload: { draft: {} } })).toBeNull();
    expect(webhookEventOf(main, { type: 'rooms_closing_cancelled', payload: {} })).toBeNull();
  });
});
