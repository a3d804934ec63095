// Room plans as CSV (RFC 4180): a host prepares "who goes to which room" in a spreadsheet before the
// meeting, imports it into the draft, and exports the draft back. Pure: the parser, the reading of a plan
// file, the matching of its people to the meeting's participants, and the export.
import { textProblem } from '@/lib/schemas';
import type { Draft } from './draft';

/** The largest CSV body the import reads (a plan of a few thousand rows is far below it). */
export const CSV_BODY_LIMIT = 256 * 1024;
/** The most data rows a plan may have (more people than any meeting holds). */
export const MAX_CSV_ROWS = 2000;
/** A draft holds at most this many rooms (as the draft schema says). */
export const MAX_PLAN_ROOMS = 100;
export const MAX_ROOM_TITLE = 100;
/** At most this many line errors are listed; the message says how many more there were. */
const MAX_LISTED_ERRORS = 50;

/** Columns naming a person, most specific first: a row is matched by the first one it fills. */
export const PERSON_COLUMNS = ['participant_id', 'custom_participant_id', 'name'] as const;
export type PersonColumn = (typeof PERSON_COLUMNS)[number];

export interface CsvRecord {
  /** The line of the file the record starts on (1 = the header). */
  line: number;
  fields: string[];
}

export interface LineError {
  line: number;
  message: string;
}

/**
 * Splits CSV text into records (RFC 4180): fields separated by commas, records by CRLF or LF; a field in
 * double quotes may hold commas, line breaks and doubled quotes (""). A leading byte-order mark is
 * dropped; blank lines are skipped. A quote inside an unquoted field, text after a closing quote, or a
 * quote never closed is an error naming its line.
 */
export function parseCsv(input: string): { records: CsvRecord[]; errors: LineError[] } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const errors: LineError[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let bad: string | undefined;
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        if (!closed) bad ??= 'a quoted field is never closed (missing ")';
        else if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r')
          bad ??= 'text after a closing quote (write "" for a quote inside a quoted field)';
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !isCrlf(text, i)) i++;
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !isCrlf(text, i)) {
          if (text[i] === '"')
            bad ??= 'a quote inside an unquoted field (put the whole field in quotes and double the quote)';
          value += text[i];
          i++;
        }
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (isCrlf(text, i)) i += 2;
    else if (text[i] === '\n') i++;
    line++;
    if (bad) errors.push({ line: start, message: bad });
    else if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields });
  }
  return { records, errors };
}

const isCrlf = (text: string, i: number) => text[i] === '\r' && text[i + 1] === '\n';

/** Quotes a field when it needs it (comma, quote, line break, or spaces at its ends). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface PlanRow {
  line: number;
  room: string;
  /** How the row names its person (the most specific column it fills), or undefined: a room with nobody. */
  person?: { column: PersonColumn; value: string };
}

export type PlanFile = { ok: true; rows: PlanRow[] } | { ok: false; errors: LineError[]; message: string };

/**
 * Reads a plan file: a header with `room` and at least one of participant_id, custom_participant_id and
 * name; then one row per person (a row with a room and no person declares an empty room). Every bad line
 * is reported with its number and reason; a file with any bad line is refused as a whole.
 */
export function readPlanCsv(text: string): PlanFile {
  const { records, errors } = parseCsv(text);
  const header = records[0];
  if (!header || (header.line !== 1 && errors.some((e) => e.line < header.line))) {
    if (errors.length) return refuse(errors);
    return refuse([{ line: 1, message: 'the file is empty: it needs a header row (room,name for example)' }]);
  }
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const known = new Set<string>(['room', ...PERSON_COLUMNS]);
  for (const c of columns) {
    if (!known.has(c))
      errors.push({
        line: header.line,
        message: `unknown column "${c}" (use room and one of ${PERSON_COLUMNS.join(', ')})`,
      });
  }
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) errors.push({ line: header.line, message: `the column "${dup}" appears twice` });
  if (!columns.includes('room'))
    errors.push({ line: header.line, message: 'the header has no "room" column' });
  if (!PERSON_COLUMNS.some((c) => columns.includes(c)))
    errors.push({
      line: header.line,
      message: `the header needs a column naming the person: one of ${PERSON_COLUMNS.join(', ')}`,
    });
  if (errors.some((e) => e.line === header.line)) return refuse(errors);
  const data = records.slice(1);
  if (data.length > MAX_CSV_ROWS) {
    return refuse(
      [{ line: data[MAX_CSV_ROWS]!.line, message: `more than ${MAX_CSV_ROWS} rows` }],
      `A plan can have at most ${MAX_CSV_ROWS} rows; this one has ${data.length}.`,
    );
  }
  const rows: PlanRow[] = [];
  const roomAt = columns.indexOf('room');
  for (const r of data) {
    const row = readRow(r, columns, roomAt);
    if ('message' in row) errors.push(row);
    else rows.push(row);
  }
  const rooms = new Set(rows.map((r) => r.room));
  if (rooms.size > MAX_PLAN_ROOMS) {
    const line = rows.find((r) => [...rooms].indexOf(r.room) === MAX_PLAN_ROOMS)!.line;
    errors.push({
      line,
      message: `a plan can have at most ${MAX_PLAN_ROOMS} rooms; this is room ${MAX_PLAN_ROOMS + 1}`,
    });
  }
  if (errors.length) return refuse(errors);
  return { ok: true, rows };
}

function readRow(r: CsvRecord, columns: string[], roomAt: number): PlanRow | LineError {
  if (r.fields.length !== columns.length)
    return {
      line: r.line,
      message: `${r.fields.length} ${r.fields.length === 1 ? 'field' : 'fields'}, the header has ${columns.length}`,
    };
  const room = r.fields[roomAt]!.trim();
  if (room === '') return { line: r.line, message: 'the room is missing' };
  if (room.length > MAX_ROOM_TITLE)
    return { line: r.line, message: `the room title is longer than ${MAX_ROOM_TITLE} characters` };
  const roomProblem = textProblem(room, 'the room title');
  if (roomProblem) return { line: r.line, message: roomProblem };
  for (const column of PERSON_COLUMNS) {
    const at = columns.indexOf(column);
    const value = at >= 0 ? r.fields[at]!.trim() : '';
    if (value === '') continue;
    const problem = textProblem(value, column);
    if (problem) return { line: r.line, message: problem };
    return { line: r.line, room, person: { column, value } };
  }
  return { line: r.line, room };
}

function refuse(errors: LineError[], message?: string): PlanFile {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const listed = sorted.slice(0, MAX_LISTED_ERRORS);
  const more = sorted.length - listed.length;
  return {
    ok: false,
    errors: listed,
    message:
      message ??
      `The CSV has ${sorted.length} bad ${sorted.length === 1 ? 'line' : 'lines'}: ` +
        listed.map((e) => `line ${e.line}: ${e.message}`).join('; ') +
        (more > 0 ? `; and ${more} more` : '') +
        '.',
  };
}

/** A participant a plan row may name. */
export interface PlanPerson {
  id: string;
  name: string;
  custom_participant_id: string | null;
}

/** What importing a plan does: whom it places, whom it could not find, and which rows repeat someone. */
export interface PlanMatch {
  draft: Draft;
  matched: Array<{ line: number; participant_id: string; name: string; room: string }>;
  unknown: Array<{ line: number; column: PersonColumn; value: string; reason: 'not_found' | 'ambiguous' }>;
  /** Rows naming someone an earlier row already placed; the first row counts. */
  duplicates: Array<{ line: number; participant_id: string; name: string; first_line: number; room: string }>;
}

/**
 * Matches a plan's rows to the meeting's participants and builds the draft: one room per distinct room
 * title in order of first appearance, each matched person in the room of the first row naming them.
 * A name shared by several participants is ambiguous and matches nobody (use an id column then).
 */
export function matchPlan(rows: PlanRow[], people: PlanPerson[]): PlanMatch {
  const byId = new Map(people.map((p) => [p.id.toLowerCase(), [p]]));
  const index = (key: (p: PlanPerson) => string | null) => {
    const map = new Map<string, PlanPerson[]>();
    for (const p of people) {
      const k = key(p);
      if (k !== null) map.set(k, [...(map.get(k) ?? []), p]);
    }
    return map;
  };
  const lookup: Record<PersonColumn, Map<string, PlanPerson[]>> = {
    participant_id: byId,
    custom_participant_id: index((p) => p.custom_participant_id),
    name: index((p) => p.name.trim().toLowerCase()),
  };
  const rooms: Draft['rooms'] = [];
  const keyOf = new Map<string, string>();
  const result: PlanMatch = { draft: { rooms, assignments: {} }, matched: [], unknown: [], duplicates: [] };
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    let key = keyOf.get(row.room);
    if (!key) {
      key = `r${rooms.length + 1}`;
      keyOf.set(row.room, key);
      rooms.push({ key, title: row.room });
    }
    if (!row.person) continue;
    const { column, value } = row.person;
    const found = lookup[column].get(column === 'custom_participant_id' ? value : value.toLowerCase()) ?? [];
    if (found.length !== 1) {
      result.unknown.push({
        line: row.line,
        column,
        value,
        reason: found.length ? 'ambiguous' : 'not_found',
      });
      continue;
    }
    const p = found[0]!;
    const first = firstLine.get(p.id);
    if (first !== undefined) {
      result.duplicates.push({
        line: row.line,
        participant_id: p.id,
        name: p.name,
        first_line: first,
        room: row.room,
      });
      continue;
    }
    firstLine.set(p.id, row.line);
    result.draft.assignments[p.id] = key;
    result.matched.push({ line: row.line, participant_id: p.id, name: p.name, room: row.room });
  }
  return result;
}

/**
 * The draft as CSV: `room,participant_id,custom_participant_id,name`, one row per assigned person in room
 * order, and a row without a person for each empty room, so importing it gives the same draft back.
 */
export function exportPlanCsv(draft: Draft, people: PlanPerson[]): string {
  const lines = [['room', ...PERSON_COLUMNS].join(',')];
  for (const room of draft.rooms) {
    const inRoom = people.filter((p) => draft.assignments[p.id] === room.key);
    if (inRoom.length === 0) lines.push(`${csvField(room.title)},,,`);
    for (const p of inRoom) {
      lines.push([room.title, p.id, p.custom_participant_id ?? '', p.name].map(csvField).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
