import { DisconnectReason } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { describeDisconnect, kickedEnding, meetingEndedEnding } from './disconnect';

describe('telling a person why their call ended', () => {
  it('a participant removed by the server is told so and not offered to rejoin', () => {
    const ending = describeDisconnect(DisconnectReason.PARTICIPANT_REMOVED);
    expect(ending.title).toBe('You were removed from this meeting');
    expect(ending.canRejoin).toBe(false);
  });

  it('leaving on purpose can be undone', () => {
    expect(describeDisconnect(DisconnectReason.CLIENT_INITIATED)).toMatchObject({
      kind: 'left',
      canRejoin: true,
    });
  });

  it('a deleted room means the meeting ended', () => {
    expect(describeDisconnect(DisconnectReason.ROOM_DELETED).kind).toBe('ended');
  });

  it('the same seat joining elsewhere is explained', () => {
    expect(describeDisconnect(DisconnectReason.DUPLICATE_IDENTITY).kind).toBe('elsewhere');
  });

  it('anything else is a lost connection that may be retried', () => {
    expect(describeDisconnect(undefined)).toMatchObject({ kind: 'lost', canRejoin: true });
    expect(describeDisconnect(DisconnectReason.SIGNAL_CLOSE).kind).toBe('lost');
  });

  it('a kick from the call says the link still works; a removal from the meeting says it does not', () => {
    expect(kickedEnding(false)).toMatchObject({ title: 'You were removed from the call', canRejoin: false });
    expect(kickedEnding(false).message).toContain('link still works');
    expect(kickedEnding(true)).toMatchObject({
      title: 'You were removed from this meeting',
      canRejoin: false,
    });
    expect(kickedEnding(true).message).toContain('no longer works');
  });

  it('a meeting ended for all cannot be rejoined', () => {
    expect(meetingEndedEnding()).toMatchObject({
      kind: 'ended',
      title: 'The meeting has ended',
      canRejoin: false,
    });
  });
});
