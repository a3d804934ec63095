// Generators for the fuzz suite: values, bodies, headers and paths drawn from a seeded PRNG, guided by the
// endpoint table's own schemas (as JSON Schema) so they reach past the first check, and mutated so they
// also hit every refusal on the way.
import { z } from 'zod';
import type { Endpoint } from '@/lib/api/router';
import { dice } from './prng';

type Dice = ReturnType<typeof dice>;
type Json = Record<string, unknown>;

export interface FuzzIds {
  meetingId: string;
  roomId: string;
  otherMeetingId: string;
  participantId: string;
  presetId: string;
  pollId: string;
  requestId: string;
}

const ODD_STRINGS = [
  '',
  ' ',
  '   padded   ',
  'a',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil',
  '\u2066x\u2069',
  '\uFEFF',
  '\u200B',
  'line\nbreak',
  'tab\there',
  '\r\n',
  '\u2028',
  '\u0085',
  '\u001B[31m',
  '\u007F',
  '👋🏽‍',
  'e\u0301\u0301\u0301\u0301',
  'עברית',
  '中文字',
  '%00',
  '%E0%A4%A',
  '../../etc/passwd',
  "'; drop table meetings; --",
  '<script>alert(1)</script>',
  '{"a":1}',
  'null',
  'NaN',
  '1e309',
  '-0',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  'bpt_' + 'A'.repeat(43),
  'bk_' + 'z'.repeat(43),
  'ACTIVE',
  'INACTIVE',
  'host',
  'participant',
  '2026-01-01T00:00:00Z',
  'https://example.com/a.png',
  'javascript:alert(1)',
  '__proto__',
];
const NUMBERS = [
  0,
  -1,
  1,
  2,
  9,
  10,
  11,
  99,
  100,
  101,
  1.5,
  -0.5,
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  1e-300,
];
const LENGTHS = [63, 64, 65, 99, 100, 101, 199, 200, 201, 255, 256, 499, 500, 501, 1999, 2000, 2001, 10_000];

/** Values of every kind: boundary strings and numbers, odd unicode, wrong types. */
export function anyValue(d: Dice, ids: FuzzIds, depth = 0): unknown {
  switch (d.int(depth > 2 ? 5 : 8)) {
    case 0:
      return oddString(d, ids);
    case 1:
      return d.pick(NUMBERS);
    case 2:
      return d.chance(0.5);
    case 3:
      return null;
    case 4:
      return oddString(d, ids);
    case 5:
      return Array.from({ length: d.pick([0, 1, 2, 3, 150]) }, () => anyValue(d, ids, depth + 1));
    case 6:
      return Object.fromEntries(
        Array.from({ length: d.int(4) }, () => [oddKey(d), anyValue(d, ids, depth + 1)]),
      );
    default:
      return idLike(d, ids);
  }
}

function oddString(d: Dice, ids: FuzzIds): string {
  if (d.chance(0.2)) return d.pick(['x', 'é', '👋', '\u0000', '\uD83D']).repeat(d.pick(LENGTHS));
  if (d.chance(0.15)) return idLike(d, ids);
  return d.pick(ODD_STRINGS);
}

function oddKey(d: Dice): string {
  return d.pick([
    'x',
    '__proto__',
    'constructor',
    'prototype',
    '',
    '\u0000',
    'meeting_id',
    'title',
    'a'.repeat(300),
  ]);
}

/** An id-shaped value: one of the fixture's real ids (right or wrong place), a random UUID, or a near-UUID. */
export function idLike(d: Dice, ids: FuzzIds): string {
  const real = Object.values(ids);
  switch (d.int(4)) {
    case 0:
    case 1:
      return d.pick(real);
    case 2:
      return crypto.randomUUID();
    default:
      return d.pick([real[0]!.toUpperCase(), real[0]!.slice(0, 35), `${real[0]}0`, 'not-a-uuid', '0', '-1']);
  }
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  default?: unknown;
}

export const jsonSchemaOf = (s: z.ZodType | undefined): JsonSchema | undefined =>
  s ? (z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : undefined;

/** A value shaped by a JSON Schema, each part replaced by an odd value now and then. */
export function fromSchema(
  d: Dice,
  ids: FuzzIds,
  s: JsonSchema | undefined,
  mutate: number,
  depth = 0,
): unknown {
  if (!s || depth > 5) return anyValue(d, ids, depth);
  if (d.chance(mutate)) return anyValue(d, ids, depth);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fromSchema(d, ids, d.pick(alternatives), mutate, depth);
  if (s.allOf?.[0]) return fromSchema(d, ids, s.allOf[0], mutate, depth);
  if (s.const !== undefined) return s.const;
  if (s.enum) return d.pick(s.enum);
  const type = Array.isArray(s.type) ? d.pick(s.type) : s.type;
  switch (type) {
    case 'object': {
      const out: Json = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k) || d.chance(0.5)) out[k] = fromSchema(d, ids, v, mutate, depth + 1);
      }
      if (typeof s.additionalProperties === 'object' && d.chance(0.7)) {
        for (let i = d.int(3); i > 0; i--) {
          const key = s.propertyNames?.format === 'uuid' ? idLike(d, ids) : String(oddString(d, ids));
          out[key] = fromSchema(d, ids, s.additionalProperties, mutate, depth + 1);
        }
      }
      if (d.chance(mutate)) out[oddKey(d)] = anyValue(d, ids, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: d.pick([0, 1, 1, 2, 3, 11, 101]) }, () =>
        fromSchema(d, ids, s.items, mutate, depth + 1),
      );
    case 'string':
      if (s.format === 'uuid') return idLike(d, ids);
      if (s.format === 'uri') return d.pick(['https://example.com/p.png', 'http://x', 'ftp://x', '']);
      return d.chance(0.5) ? `text ${d.int(1000)}` : oddString(d, ids);
    case 'integer':
    case 'number': {
      if (d.chance(0.6) && s.minimum !== undefined && s.maximum !== undefined)
        return d.pick([
          s.minimum,
          s.maximum,
          s.minimum - 1,
          s.maximum + 1,
          Math.floor((s.minimum + s.maximum) / 2),
        ]);
      return d.pick(NUMBERS);
    }
    case 'boolean':
      return d.chance(0.5);
    case 'null':
      return null;
    default:
      return anyValue(d, ids, depth);
  }
}

const PARAM_GARBAGE = [
  'x',
  '%00',
  '%E0%A4%A',
  '..',
  '%2e%2e',
  'a'.repeat(300),
  '%F0%9F%98%80',
  '%20',
  'null',
  '1',
];

/** An endpoint's path with its parameters filled by real ids, random UUIDs or garbage. */
export function fillPath(d: Dice, ids: FuzzIds, path: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (d.chance(0.15)) return d.pick(PARAM_GARBAGE);
    if (d.chance(0.6)) {
      const natural: Record<string, string> = {
        meeting_id: d.pick([ids.meetingId, ids.roomId]),
        participant_id: ids.participantId,
        preset_id: ids.presetId,
        poll_id: ids.pollId,
        request_id: ids.requestId,
        id: d.pick([ids.meetingId, ids.presetId]),
      };
      if (natural[name]) return natural[name];
    }
    return idLike(d, ids);
  });
}

/** encodeURIComponent, except that a lone surrogate is sent as its raw UTF-8 bytes (some clients do). */
export function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as a client that encodes it anyway would send it
  }
}

/** A query string from the endpoint's query schema and extra keys, with odd values. */
export function fuzzQuery(d: Dice, ids: FuzzIds, e: Endpoint): string {
  if (d.chance(0.4)) return '';
  const keys = Object.keys(jsonSchemaOf(e.query)?.properties ?? {});
  const pairs: string[] = [];
  for (const k of [...keys, ...d.some(['page_no', 'per_page', 'x', 'search', 'last_event_id'], 0.2)]) {
    if (!d.chance(0.6)) continue;
    const raw = d.chance(0.5) ? String(d.pick(NUMBERS)) : String(oddString(d, ids));
    pairs.push(`${encodeLoosely(k)}=${encodeLoosely(raw.slice(0, 5000))}`);
  }
  if (d.chance(0.1)) pairs.push('page_no=1&page_no=2');
  return pairs.length ? `?${pairs.join('&')}` : '';
}

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  '*/*',
  '',
];

const RAW_BODIES = [
  '{',
  '}',
  'null',
  '[]',
  '"x"',
  '0',
  'true',
  '{"a":',
  '\u0000',
  '{"title":"\\ud800"}',
  '{"__proto__":{"x":1}}',
  '\uFEFF{}',
];

/** A body for a request: schema-shaped JSON (mutated), arbitrary JSON, a raw non-JSON text, or none. */
export function fuzzBody(d: Dice, ids: FuzzIds, e: Endpoint | undefined): string | undefined {
  const r = d.int(10);
  if (r < 5 && e?.body) return JSON.stringify(fromSchema(d, ids, jsonSchemaOf(e.body), 0.12));
  if (r < 7) return JSON.stringify(anyValue(d, ids));
  if (r < 8) return d.chance(0.1) ? 'x'.repeat(70_000) : d.pick(RAW_BODIES);
  return undefined;
}

export const fuzzContentType = (d: Dice) => (d.chance(0.7) ? 'application/json' : d.pick(CONTENT_TYPES));
