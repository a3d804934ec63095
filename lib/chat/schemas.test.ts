import { describe, expect, it } from 'vitest';
import { broadcastSchema, postMessageSchema } from './schemas';

const message = (m: unknown) => postMessageSchema.safeParse({ message: m });

describe('chat message text', () => {
  it('is trimmed and kept as written, markup included', () => {
    expect(message('  <b>hi</b> & bye \n').data).toEqual({ message: '<b>hi</b> & bye' });
    expect(message('two\nlines\twith a tab').success).toBe(true);
  });

  it('is refused when empty, over 2,000 characters, or holding control characters', () => {
    expect(message('   ').error?.issues[0]?.message).toBe('message is empty');
    expect(message('x'.repeat(2000)).success).toBe(true);
    expect(message('x'.repeat(2001)).error?.issues[0]?.message).toMatch(/longer than 2000/);
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f']) {
      expect(message(`a${c}b`).error?.issues[0]?.message).toMatch(
        /^message must not contain (control|the NUL)/,
      );
    }
    expect(message(42).success).toBe(false);
  });

  it('refuses unknown fields', () => {
    expect(postMessageSchema.safeParse({ message: 'hi', html: true }).success).toBe(false);
  });
});

describe('broadcast', () => {
  it('reaches every room when meeting_ids is left out, and refuses an empty or malformed list', () => {
    expect(broadcastSchema.safeParse({ message: 'hi' }).data).toEqual({ message: 'hi' });
    expect(broadcastSchema.safeParse({ message: 'hi', meeting_ids: [] }).success).toBe(false);
    expect(broadcastSchema.safeParse({ message: 'hi', meeting_ids: ['room-1'] }).success).toBe(false);
  });
});
