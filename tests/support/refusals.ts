// Table-driven refusals: each case is one request that is wrong in one way. It must be answered with a
// 4xx in the error envelope, name the field at fault where there is one, and change nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newHost } from './api';
import {
  addParticipant,
  createMeeting,
  createPreset,
  dbState,
  expectRefused,
  openDatabase,
  type RequestOptions,
} from './rest';

/** A host with a meeting, a preset named "team" and a participant whose custom id is "crm-1". */
export interface Fixture {
  key: string;
  meetingId: string;
  participantId: string;
  presetId: string;
}

async function makeFixture(): Promise<Fixture> {
  const host = await newHost();
  const meeting = await createMeeting(host.key, { title: 'Fixture meeting' });
  const preset = await createPreset(host.key, { name: 'team' });
  const person = await addParticipant(host.key, meeting.id, {
    name: 'Fixture person',
    preset_name: 'team',
    custom_participant_id: 'crm-1',
  });
  return { key: host.key, meetingId: meeting.id, participantId: person.id, presetId: preset.id };
}

export type Req = (f: Fixture) => [method: string, path: string, opts: RequestOptions];
type Where = string | ((f: Fixture) => string);

/** A request with the fixture's key; `extra` may replace the key or add headers or a raw body. */
export const send =
  (method: string, where: Where, body?: unknown, extra: RequestOptions = {}): Req =>
  (f) => [
    method,
    typeof where === 'string' ? where : where(f),
    { key: f.key, ...(body === undefined ? {} : { body }), ...extra },
  ];
export const get = (where: Where, extra?: RequestOptions) => send('GET', where, undefined, extra);
export const post = (where: Where, body?: unknown, extra?: RequestOptions) =>
  send('POST', where, body, extra);
export const patch = (where: Where, body?: unknown) => send('PATCH', where, body);
export const del = (where: Where) => send('DELETE', where);

export const to = {
  meeting: (f: Fixture) => `/meetings/${f.meetingId}`,
  people: (f: Fixture) => `/meetings/${f.meetingId}/participants`,
  person: (f: Fixture) => `/meetings/${f.meetingId}/participants/${f.participantId}`,
  preset: (f: Fixture) => `/presets/${f.presetId}`,
};

/** A valid body for adding a participant, with `extra` laid over it. */
export const newPerson = (extra: Record<string, unknown>) => ({
  name: 'New person',
  preset_name: 'team',
  ...extra,
});

/** [what is wrong, the request, status, error code, field named (none when no single field is at fault)] */
export type RefusalCase = [name: string, req: Req, status: number, code: string, field?: string];

/** One test per case, each against the same fixture, comparing the database before and after. */
export function describeRefusals(
  title: string,
  cases: RefusalCase[],
  more?: (fixture: () => Fixture) => void,
) {
  describe(title, () => {
    let f: Fixture;
    beforeAll(async () => {
      await openDatabase();
      f = await makeFixture();
    });

    const rows = cases.map(([name, req, status, code, field]) => ({ name, req, status, code, field }));
    it.each(rows)('$name is refused with $status and changes nothing', async ({ req, ...expected }) => {
      const before = await dbState();
      const [method, path, opts] = req(f);
      expectRefused(await api(method, path, opts), expected);
      expect(await dbState()).toBe(before);
    });

    more?.(() => f);
  });
}
