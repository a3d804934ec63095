import { describe, expect, it } from 'vitest';
import { pagerSummary } from '@/lib/pages/format';
import { emailSchema } from '@/lib/schemas';

const meetings = { one: 'meeting', other: 'meetings' };

describe('pagerSummary', () => {
  it('says nothing for an empty list: the list itself says it is empty', () => {
    expect(pagerSummary(1, 20, 0, meetings)).toBe('');
  });
  it('counts in the singular for one', () => {
    expect(pagerSummary(1, 20, 1, meetings)).toBe('1 meeting');
  });
  it('gives only the count when everything fits on one page', () => {
    expect(pagerSummary(1, 20, 7, meetings)).toBe('7 meetings');
  });
  it('gives the range when there are several pages', () => {
    expect(pagerSummary(1, 20, 45, meetings)).toBe('Showing 1–20 of 45 meetings');
    expect(pagerSummary(3, 20, 45, meetings)).toBe('Showing 41–45 of 45 meetings');
  });
});

describe('the email field', () => {
  it('an empty email says it is required, and only that', () => {
    const parsed = emailSchema.safeParse('  ');
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['email is required']);
  });
  it('a malformed email says it must be valid', () => {
    const parsed = emailSchema.safeParse('not-an-email');
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['email must be a valid email address']);
  });
});
