import { describe, expect, it } from 'vitest';
import { textProblem } from '@/lib/schemas';

describe('the text rule', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a C0 control', 'a\u0007b'],
    ['DEL', 'a\u007Fb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\uD800'],
    ['a lone low surrogate', '\uDC00a'],
    ['a tab in one line', 'a\tb'],
    ['a line break in one line', 'a\nb'],
    ['a line separator in one line', 'a\u2028b'],
    ['a right-to-left override in a name', 'abc\u202Egnp.exe'],
    ['a first-strong isolate in a name', 'a\u2068b'],
  ])('refuses %s in a single-line field', (_n, value) => {
    expect(textProblem(value, 'name')).toMatch(/^name /);
  });

  it.each([['plain'], ['Zoë 👋🏽'], ['עברית ومرحبا'], ['e\u0301'], ['中文']])('accepts %s', (value) => {
    expect(textProblem(value, 'name')).toBeUndefined();
  });

  it('multi-line text keeps tab, line breaks and bidirectional controls but not NUL or lone surrogates', () => {
    expect(textProblem('a\n\tb\r\n\u202Bc\u202C', 'message', { multiline: true })).toBeUndefined();
    expect(textProblem('a\u0000', 'message', { multiline: true })).toMatch(/NUL/);
    expect(textProblem('a\uD83D', 'message', { multiline: true })).toMatch(/surrogate/);
    expect(textProblem('a\u001B[31m', 'message', { multiline: true })).toMatch(/control/);
  });
});
