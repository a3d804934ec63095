import { describe, expect, it } from 'vitest';
import type { Draft } from './draft';
import { exportPlanCsv, matchPlan, MAX_CSV_ROWS, parseCsv, readPlanCsv, type PlanPerson } from './csv';

const fieldsOf = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits fields on commas and records on CRLF or LF, with or without a final line break', () => {
    expect(fieldsOf('a,b\r\nc,d\ne,f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(fieldsOf('a,b\n')).toEqual([['a', 'b']]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(fieldsOf('"Room, one","She said ""hi"""\n"two\nlines",x\n')).toEqual([
      ['Room, one', 'She said "hi"'],
      ['two\nlines', 'x'],
    ]);
  });

  it('keeps empty fields, drops a byte-order mark and skips blank lines', () => {
    expect(fieldsOf('\uFEFFroom,name\n\n,\n\r\nA,""\n')).toEqual([
      ['room', 'name'],
      ['', ''],
      ['A', ''],
    ]);
  });

  it('numbers each record by the line it starts on, counting line breaks inside quotes', () => {
    const { records } = parseCsv('h1,h2\n"a\nb",c\n\nd,e\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('reports a quote inside an unquoted field, text after a closing quote and an unclosed quote by line', () => {
    const { records, errors } = parseCsv('room,name\nA,Jo"e\n"B"x,Ann\nC,"Never closed\n');
    expect(records.map((r) => r.line)).toEqual([1]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0]!.message).toMatch(/quote inside an unquoted field/);
    expect(errors[1]!.message).toMatch(/after a closing quote/);
    expect(errors[2]!.message).toMatch(/never closed/);
  });
});

describe('readPlanCsv', () => {
  it('reads room and person rows; the most specific person column a row fills names the person', () => {
    const file = readPlanCsv('room,participant_id,name\nA,,Ann\nB,p-2,Ben\nC,,\n');
    expect(file).toEqual({
      ok: true,
      rows: [
        { line: 2, room: 'A', person: { column: 'name', value: 'Ann' } },
        { line: 3, room: 'B', person: { column: 'participant_id', value: 'p-2' } },
        { line: 4, room: 'C' },
      ],
    });
  });

  it('refuses a header without room, without a person column, or with an unknown column, on line 1', () => {
    for (const header of ['name', 'room', 'room,name,email']) {
      const file = readPlanCsv(`${header}\nA,B\n`);
      expect(file.ok).toBe(false);
      if (!file.ok) expect(file.errors[0]!.line).toBe(1);
    }
    const unknown = readPlanCsv('room,email\nA,a@b.c\n');
    expect(!unknown.ok && unknown.message).toMatch(/unknown column "email"/);
  });

  it('lists every bad line with its reason: missing room, too long a title, wrong field count', () => {
    const long = 'x'.repeat(101);
    const file = readPlanCsv(`room,name\nA,Ann\n,Ben\n${long},Cleo\nD,Dan,extra\nE,Eve\n`);
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(file.message).toMatch(/line 3: the room is missing/);
    expect(file.message).toMatch(/line 4: the room title is longer than 100/);
    expect(file.message).toMatch(/line 5: 3 fields, the header has 2/);
  });

  it('refuses an empty file and more rows than the limit', () => {
    expect(readPlanCsv('').ok).toBe(false);
    expect(readPlanCsv('\uFEFF\n\n').ok).toBe(false);
    const big = 'room,name\n' + Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => `A,P${i}`).join('\n');
    const file = readPlanCsv(big);
    expect(!file.ok && file.message).toMatch(new RegExp(`at most ${MAX_CSV_ROWS} rows`));
  });
});

const people: PlanPerson[] = [
  { id: 'id-ann', name: 'Ann', custom_participant_id: 'c-ann' },
  { id: 'id-ben', name: 'Ben', custom_participant_id: null },
  { id: 'id-jo1', name: 'Jo', custom_participant_id: null },
  { id: 'id-jo2', name: 'Jo', custom_participant_id: null },
];

describe('matchPlan', () => {
  it('makes rooms in order of first appearance and places the people found', () => {
    const file = readPlanCsv('room,custom_participant_id,name\nBlue,,ben\nRed,c-ann,\nBlue,,\n');
    if (!file.ok) throw new Error(file.message);
    const m = matchPlan(file.rows, people);
    expect(m.draft.rooms.map((r) => r.title)).toEqual(['Blue', 'Red']);
    expect(m.draft.assignments).toEqual({ 'id-ben': m.draft.rooms[0]!.key, 'id-ann': m.draft.rooms[1]!.key });
    expect(m.matched.map((x) => x.line)).toEqual([2, 3]);
  });

  it('reports unknown and ambiguous people and people named twice (the first row counts)', () => {
    const file = readPlanCsv('room,name\nA,Ann\nB,Zed\nC,Jo\nB,Ann\nA,Ann\n');
    if (!file.ok) throw new Error(file.message);
    const m = matchPlan(file.rows, people);
    expect(m.unknown).toEqual([
      { line: 3, column: 'name', value: 'Zed', reason: 'not_found' },
      { line: 4, column: 'name', value: 'Jo', reason: 'ambiguous' },
    ]);
    expect(m.duplicates.map((d) => [d.line, d.first_line])).toEqual([
      [5, 2],
      [6, 2],
    ]);
    expect(m.draft.assignments['id-ann']).toBe(m.draft.rooms[0]!.key);
  });
});

describe('exportPlanCsv', () => {
  it('round-trips through import, with quoted titles and empty rooms', () => {
    const draft: Draft = {
      rooms: [
        { key: 'x', title: 'Room "A", east' },
        { key: 'y', title: 'Empty' },
        { key: 'z', title: 'C' },
      ],
      assignments: { 'id-ann': 'x', 'id-jo1': 'z', 'id-ben': 'x' },
    };
    const csv = exportPlanCsv(draft, people);
    const file = readPlanCsv(csv);
    if (!file.ok) throw new Error(file.message);
    const m = matchPlan(file.rows, people);
    expect(m.unknown).toEqual([]);
    expect(m.draft.rooms.map((r) => r.title)).toEqual(draft.rooms.map((r) => r.title));
    const titleOf = (d: Draft, id: string) => d.rooms.find((r) => r.key === d.assignments[id])?.title;
    for (const id of Object.keys(draft.assignments)) expect(titleOf(m.draft, id)).toBe(titleOf(draft, id));
    expect(Object.keys(m.draft.assignments).sort()).toEqual(Object.keys(draft.assignments).sort());
  });
});
