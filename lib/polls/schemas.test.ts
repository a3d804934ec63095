import { describe, expect, it } from 'vitest';
import { createPollSchema, voteSchema } from './schemas';

describe('a new poll', () => {
  it('takes a question and 2 to 10 trimmed options, public and with live results by default', () => {
    const poll = createPollSchema.parse({ question: ' Lunch? ', options: [' Pizza', 'Soup '] });
    expect(poll).toEqual({
      question: 'Lunch?',
      options: ['Pizza', 'Soup'],
      anonymous: false,
      hide_votes: false,
    });
    const ten = Array.from({ length: 10 }, (_, i) => `o${i}`);
    expect(createPollSchema.safeParse({ question: 'Q', options: ten }).success).toBe(true);
  });

  it('refuses one option, eleven, an empty one, and the same option twice (ignoring case)', () => {
    const refused = (options: unknown) =>
      createPollSchema.safeParse({ question: 'Q', options }).error?.issues[0]?.message;
    expect(refused(['only'])).toBe('A poll needs at least 2 options');
    expect(refused(Array.from({ length: 11 }, (_, i) => `o${i}`))).toBe('A poll has at most 10 options');
    expect(refused(['a', ' '])).toBe('option is empty');
    expect(refused(['Tea', 'tea'])).toBe('"tea" is listed twice');
  });
});

describe('a vote', () => {
  it('is a whole option index from 0 to 9', () => {
    expect(voteSchema.safeParse({ option_index: 0 }).success).toBe(true);
    for (const option_index of [-1, 10, 1.5, '1', null]) {
      expect(voteSchema.safeParse({ option_index }).success).toBe(false);
    }
  });
});
