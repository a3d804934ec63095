import { describe, expect, it } from 'vitest';
import { tagsSchema, tagsTextSchema } from '@/lib/schemas';
import { hasTag, tagsPresent, uniqueTags } from './tags';

describe('participant tags', () => {
  it('are trimmed and kept once whatever the case, the first spelling winning', () => {
    expect(tagsSchema.parse([' Mentor ', 'mentor', 'MENTOR', 'lead'])).toEqual(['Mentor', 'lead']);
    expect(uniqueTags(['a', 'A', 'b'])).toEqual(['a', 'b']);
  });

  it('refuse more than 20 tags, a tag over 40 characters, and an empty one', () => {
    expect(tagsSchema.safeParse(Array.from({ length: 21 }, (_, i) => `t${i}`)).success).toBe(false);
    expect(tagsSchema.safeParse(['x'.repeat(41)]).success).toBe(false);
    expect(tagsSchema.safeParse([' ']).success).toBe(false);
    expect(tagsSchema.safeParse(['x'.repeat(40)]).success).toBe(true);
  });

  it('typed in the dashboard as one text separated by commas; empty clears them', () => {
    expect(tagsTextSchema.parse('mentor, table 3 ,, Mentor')).toEqual(['mentor', 'table 3']);
    expect(tagsTextSchema.parse('')).toEqual([]);
    const bad = tagsTextSchema.safeParse('x'.repeat(41));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/at most 40 characters/);
  });

  it('match without case, and the tags present are listed once, sorted', () => {
    expect(hasTag(['Mentor'], 'mentor')).toBe(true);
    expect(hasTag(undefined, 'mentor')).toBe(false);
    expect(tagsPresent([{ tags: ['b', 'Mentor'] }, { tags: ['mentor', 'a'] }, {}])).toEqual([
      'a',
      'b',
      'Mentor',
    ]);
  });
});
