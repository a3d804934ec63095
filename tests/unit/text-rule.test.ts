import { describe, expect, it } from 'vitest';
import { jsonTextProblem, textProblem } from '@/lib/schemas';

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

  it('finds what the database cannot store anywhere in a free-form JSON document, and says where', () => {
    expect(jsonTextProblem({ a: [1, 'ok', { b: 'x\u0000' }] }, 'ai_config')).toBe(
      'ai_config.a[2].b must be valid Unicode text (it holds the NUL character (U+0000))',
    );
    expect(jsonTextProblem({ a: { '\uD83Dk': true } }, 'config')).toBe(
      'config.a has a key that is not valid Unicode text (it holds a lone surrogate)',
    );
    // Tabs, controls and right-to-left text are the caller's business there: jsonb stores them.
    expect(jsonTextProblem({ 'Zoë 👋🏽': ['a\tb\u0007', '\u202E'], n: null, d: 1.5 }, 'ui')).toBeUndefined();
  });
});
