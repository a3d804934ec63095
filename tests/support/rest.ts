// Typed helpers for REST integration tests: set-up calls that must succeed, and one check for refusals.
import { expect } from 'vitest';
import { db } from '@/db';
import type { MeetingDto } from '@/lib/meetings/service';
import type { Paging } from '@/lib/paging';
import type { ParticipantDto } from '@/lib/participants/service';
import type { PresetDto } from '@/lib/presets/service';
import { api, snapshot, type ApiAnswer } from './api';

export type { MeetingDto, Paging, ParticipantDto, PresetDto };
export type ParticipantWithToken = ParticipantDto & { token: string; join_url: string };
export type RequestOptions = NonNullable<Parameters<typeof api>[2]>;

/**
 * Opens (on PGlite: creates and migrates) this file's database. Call it in `beforeAll`, so that cost falls
 * under the hook's timeout instead of the first test's.
 */
export async function openDatabase(): Promise<void> {
  await db();
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const PARTICIPANT_TOKEN = /^bpt_[A-Za-z0-9_-]{43}$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Calls the API and fails the test unless it answers `status` with success:true; returns `data`. */
export async function ok<T>(
  status: number,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const res = await api<T>(method, path, opts);
  expect(res.body.error, `${method} ${path}`).toBeUndefined();
  expect(res.status, `${method} ${path}`).toBe(status);
  expect(res.body.success).toBe(true);
  return res.body.data;
}

/** A GET of a paged list: its items and its paging block. */
export async function list<T>(path: string, key: string): Promise<{ data: T[]; paging: Paging }> {
  const res = await api<T[]>('GET', path, { key });
  expect(res.body.error, `GET ${path}`).toBeUndefined();
  expect(res.status).toBe(200);
  return { data: res.body.data, paging: res.body.paging as Paging };
}

export const createMeeting = (key: string, body: Record<string, unknown> = { title: 'Weekly sync' }) =>
  ok<MeetingDto>(201, 'POST', '/meetings', { key, body });

export const addParticipant = (key: string, meetingId: string, body: Record<string, unknown>) =>
  ok<ParticipantWithToken>(201, 'POST', `/meetings/${meetingId}/participants`, { key, body });

export const createPreset = (key: string, body: Record<string, unknown>) =>
  ok<PresetDto>(201, 'POST', '/presets', { key, body });

export async function presetByName(key: string, name: string): Promise<PresetDto> {
  const { data } = await list<PresetDto>('/presets?per_page=100', key);
  const preset = data.find((p) => p.name === name);
  if (!preset) throw new Error(`no preset named ${name}`);
  return preset;
}

export interface Refusal {
  status: number;
  code: string | RegExp;
  /** The field the answer must name; leave out when no single field is at fault. */
  field?: string;
}

/** Asserts the answer is a refusal in the API's error envelope: status, code, a message, the field. */
export function expectRefused(res: ApiAnswer, expected: Refusal): void {
  expect(res.status).toBe(expected.status);
  expect(res.body.success).toBe(false);
  expect(res.body).not.toHaveProperty('data');
  const error = res.body.error;
  expect(error).toBeDefined();
  if (typeof expected.code === 'string') expect(error?.code).toBe(expected.code);
  else expect(error?.code).toMatch(expected.code);
  expect(error?.message.trim()).not.toBe('');
  expect(error?.field).toBe(expected.field);
}

/** Every object key anywhere inside a JSON value. */
export function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  }
  return [];
}

/**
 * `snapshot()` with each table's rows in a fixed order. Rows come back in storage order, which moves
 * whenever a row is updated (an API key's last_used_at on every call), so unsorted dumps can differ
 * even when no value did.
 */
export async function dbState(): Promise<string> {
  const tables = JSON.parse(await snapshot()) as unknown[][];
  return JSON.stringify(tables.map((rows) => rows.map((row) => JSON.stringify(row)).sort()));
}
