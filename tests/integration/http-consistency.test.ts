import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoints } from '@/lib/api/endpoints';
import type { Endpoint } from '@/lib/api/router';
import { api, newHost, snapshot, type ApiAnswer } from '../support/api';
import { family, type Host } from '../support/breakout';
import { openDatabase } from '../support/rest';

// One set of HTTP rules over the whole endpoint table: the media type of a body (415), a query parameter
// an endpoint does not declare (400 naming it, on every endpoint), field names in messages spelt exactly
// as the API spells them, and the same answer for another host's meeting as for one that does not exist.

beforeAll(openDatabase);

// The walks over the whole table check rules decided before any query runs: they run on PGlite only (as
// `casesForDriver` does for other tables); the existence checks run on every driver.
const walk = it.skipIf((process.env.TEST_DB ?? 'pglite') !== 'pglite');

let host: Host;
let other: Host;
let mine: Awaited<ReturnType<typeof family>>;
let theirs: Awaited<ReturnType<typeof family>>;

beforeAll(async () => {
  host = await newHost();
  other = await newHost();
  mine = await family(host, { Ada: 'host', Ben: 'participant' }, 1, 'Mine');
  theirs = await family(other, { Cy: 'host' }, 1, 'Theirs');
});

/** An endpoint's path with its parameters filled: the meeting and person of `mine`, made-up ids elsewhere. */
const fill = (e: Endpoint) =>
  e.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'meeting_id' ? mine.meetingId : name === 'participant_id' ? mine.seats.Ben!.id : randomUUID(),
  );

/** Who may call it: the host's key, or Ada's participant token where only participants may. */
const keyFor = (e: Endpoint) => ((e.callers ?? ['host']).includes('host') ? host.key : mine.seats.Ada!.token);

const bodySchema = (e: Endpoint) => {
  const b = e.body instanceof z.ZodOptional ? e.body.unwrap() : e.body;
  return b instanceof z.ZodObject ? b : undefined;
};

describe('the media type of a body', () => {
  it('a JSON body sent as text/plain is refused with 415 naming application/json, and changes nothing', async () => {
    const before = await snapshot();
    const res = await api('POST', '/meetings', {
      key: host.key,
      rawBody: JSON.stringify({ title: 'Sent as text' }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported:content_type' });
    expect(res.body.error!.message).toContain('application/json');
    expect(res.body.error!.message).toContain('text/plain');
    expect(await snapshot()).toBe(before);
  });

  walk('every endpoint taking JSON refuses a text/plain body with 415', async () => {
    const json = endpoints.filter((e) => e.body);
    expect(json.length).toBeGreaterThan(30);
    for (const e of json) {
      const res = await api(e.method, fill(e), {
        key: keyFor(e),
        rawBody: '{}',
        headers: { 'content-type': 'text/plain' },
      });
      expect([e.method, e.path, res.status]).toEqual([e.method, e.path, 415]);
    }
  });

  it('a JSON-based type (application/merge-patch+json) and an empty optional body are accepted', async () => {
    const res = await api('PATCH', `/meetings/${mine.meetingId}`, {
      key: host.key,
      rawBody: JSON.stringify({ title: 'Mine' }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(res.status).toBe(200);
    const token = await api('POST', '/livekit/token', { key: mine.seats.Ada!.token });
    expect(token.status).not.toBe(415);
  });

  it('the CSV import keeps its type: JSON there is a 415 naming text/csv', async () => {
    const res = await api('POST', `/meetings/${mine.meetingId}/connected-meetings/draft/import`, {
      key: host.key,
      rawBody: '{"room":"A"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error!.message).toContain('text/csv');
  });
});

describe('query parameters', () => {
  const gets = endpoints.filter((e) => e.method === 'GET');
  // A list: a GET whose path names a collection, not one item (the active session is one item, and a 404
  // while nobody is connected, as in the reference), under the meeting and person `fill` knows (a list
  // under a made-up session or webhook id is a 404 before its parameters are read).
  const lists = gets.filter(
    (e) =>
      !/\}$/.test(e.path) &&
      !e.path.endsWith('/active-session') &&
      [...e.path.matchAll(/\{(\w+)\}/g)].every(([, p]) => p === 'meeting_id' || p === 'participant_id'),
  );

  walk(
    'every list endpoint answers without extra parameters (so the refusals below are about them)',
    async () => {
      expect(lists.length).toBeGreaterThanOrEqual(8);
      for (const e of lists) {
        const res = await fetchAnswer(e, fill(e));
        expect([e.path, res.status]).toEqual([e.path, 200]);
      }
    },
  );

  walk(
    'every GET endpoint refuses a parameter it does not declare with 400 naming it and what it takes',
    async () => {
      for (const e of gets) {
        const res = await fetchAnswer(e, `${fill(e)}?sort_by=title`);
        expect([e.path, res.status, res.body.error?.field]).toEqual([e.path, 400, 'sort_by']);
        expect(res.body.error!.message).toContain('Unknown query parameter "sort_by"');
        const declared = e.query instanceof z.ZodObject ? Object.keys(e.query.shape) : [];
        for (const name of declared) expect(res.body.error!.message).toContain(name);
      }
    },
  );

  it('a misspelt page size is refused, not ignored', async () => {
    const res = await api('GET', '/meetings?perpage=5', { key: host.key });
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toBe(
      'Unknown query parameter "perpage": this endpoint takes page_no, per_page, search, status.',
    );
  });
});

/** GET through the router, as a host or (for participant-only endpoints) as Ada. */
const fetchAnswer = (e: Endpoint, path: string): Promise<ApiAnswer> => {
  // A file answer (the CSV export) is not JSON: ask for its refusals only.
  if (e.produces && !path.includes('?')) return Promise.resolve({ status: 200, body: {} as never });
  return api(e.method, path, { key: keyFor(e) });
};

describe('field names in messages', () => {
  // A value of the wrong type for almost any field: an array of arrays.
  const wrong = [[[]]];

  walk('a wrong value in any body field of any endpoint is named exactly as the API spells it', async () => {
    let checked = 0;
    for (const e of endpoints) {
      const schema = bodySchema(e);
      if (!schema) continue;
      for (const name of Object.keys(schema.shape)) {
        const res = await api(e.method, fill(e), { key: keyFor(e), body: { [name]: wrong } });
        if (res.status !== 400) continue; // a field that takes anything
        const { field, message } = res.body.error!;
        expect(field, `${e.method} ${e.path} ${name}: ${message}`).toBeDefined();
        expect(Object.keys(schema.shape)).toContain(field!.split('.')[0]);
        expect(message, `${e.method} ${e.path}`).toContain(field!);
        // No capitalised spelling of a snake_case name ("Preset_name").
        expect(message).not.toMatch(/\b[A-Z][a-z]*_[a-z_]+/);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('a bad paging value names page_no or per_page as they are spelt', async () => {
    for (const e of endpoints.filter((x) => x.paged)) {
      for (const [name, value] of [
        ['page_no', '0'],
        ['per_page', '1000'],
      ] as const) {
        const res = await api('GET', `${fill(e)}?${name}=${value}`, { key: host.key });
        expect([e.path, res.status, res.body.error?.field]).toEqual([e.path, 400, name]);
        expect(res.body.error!.message.startsWith(`${name}: `)).toBe(true);
      }
    }
  });
});

describe('no existence oracle', () => {
  // Ada holds a seat in her own meeting. Asking about another host's meeting must tell her nothing an
  // unknown id would not: the same status and the same body.
  const asked: Array<[string, string, (meetingId: string) => string, unknown?]> = [
    ['GET', 'the breakout state', (m) => `/meetings/${m}/connected-meetings`],
    ['GET', 'the chat', (m) => `/meetings/${m}/chat`],
    ['GET', 'the polls', (m) => `/meetings/${m}/polls`],
    ['GET', 'the help requests', (m) => `/meetings/${m}/help-requests`],
    ['GET', 'the saved plans', (m) => `/meetings/${m}/plans`],
    ['GET', 'the active recording', (m) => `/recordings/active-recording/${m}`],
    ['POST', 'a media token', () => '/livekit/token', true],
    ['POST', 'a chat message', (m) => `/meetings/${m}/chat`, { text: 'hello' }],
  ];

  it.each(asked)(
    '%s %s: another host’s meeting and a made-up one get the same answer',
    async (method, _, path, body) => {
      const ask = async (meetingId: string) => {
        const res = await api(method, path(meetingId), {
          key: mine.seats.Ada!.token,
          body: body === true ? { meeting_id: meetingId } : body,
        });
        return { status: res.status, body: JSON.stringify(res.body).replaceAll(meetingId, '<id>') };
      };
      const real = await ask(theirs.meetingId);
      const room = await ask(theirs.rooms[0]!);
      const missing = await ask(randomUUID());
      expect(real.status).toBeGreaterThanOrEqual(400);
      expect(real).toEqual(missing);
      expect(room).toEqual(missing);
    },
  );
});
