// Bounded input before authentication, the one text rule, and cross-site refusals for cookie callers:
// each case is a request a browser or a script could send, answered with a 4xx in the envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as webhook } from '@/app/api/livekit/webhook/route';
import { endpoints } from '@/lib/api/endpoints';
import { createRouter } from '@/lib/api/router';
import { closeBus } from '@/lib/events/bus';
import { api, newHost } from '../support/api';
import { asSeat, cmPath, family, type Seat } from '../support/breakout';
import { createPreset, dbState, expectRefused, openDatabase } from '../support/rest';

afterAll(closeBus);
beforeAll(openDatabase);

const handle = createRouter(endpoints);
const APP = 'http://localhost:3000';

/** A body that produces `total` bytes on demand and counts how many were pulled. */
function endlessBody(total: number) {
  const chunk = new Uint8Array(16 * 1024).fill(0x61);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

const chunkedPost = (url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('bodies are read within a limit, before the caller is known', () => {
  it('a 300 MB chunked body to /meetings without credentials stops at 64 KB with 413', async () => {
    const body = endlessBody(300 * 1024 * 1024);
    const res = await handle(chunkedPost(`${APP}/api/v1/meetings`, body.stream));
    expect(res.status).toBe(413);
    const json = (await res.json()) as { success: boolean; error: { code: string } };
    expect(json).toMatchObject({ success: false, error: { code: 'too_large:body' } });
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024 + 32 * 1024);
  });

  it('a declared Content-Length over the limit is refused before reading', async () => {
    const res = await api('POST', '/meetings', {
      body: { title: 'x' },
      headers: { 'content-length': '70000' },
    });
    expectRefused(res, { status: 413, code: 'too_large:body' });
  });

  it('a 300 MB chunked body to the webhook stops at 1 MB with 413', async () => {
    const body = endlessBody(300 * 1024 * 1024);
    const res = await webhook(chunkedPost(`${APP}/api/livekit/webhook`, body.stream, { authorization: 'x' }));
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(1024 * 1024 + 32 * 1024);
  });
});

describe('the text rule', () => {
  let key: string;
  let f: Awaited<ReturnType<typeof family>>;
  let ann: Seat;
  let roomId: string;
  beforeAll(async () => {
    const host = await newHost();
    key = host.key;
    await createPreset(key, {
      name: 'asker',
      permissions: { polls: { can_create: true, can_vote: true, can_view: true } },
    });
    f = await family(host, { ann: 'asker' }, 1);
    ann = f.seats.ann!;
    roomId = f.rooms[0]!;
    // Put ann in the room so she may ask for help there.
    const moved = await api('POST', cmPath(f.meetingId, '/move'), {
      key,
      body: { source_meeting_id: f.meetingId, destination_meeting_id: roomId, participant_ids: [ann.id] },
    });
    expect(moved.status).toBe(200);
  });

  const cases: Array<[string, () => [string, string, { key: string; body: unknown }], string]> = [
    [
      'NUL in a new room title',
      () => ['POST', cmPath(f.meetingId), { key, body: { meetings: [{ title: 'a\u0000' }] } }],
      'meetings.0.title',
    ],
    [
      'a line break in a room title',
      () => ['POST', cmPath(f.meetingId), { key, body: { meetings: [{ title: 'a\nb' }] } }],
      'meetings.0.title',
    ],
    [
      'an RLO override in a room title',
      () => ['POST', cmPath(f.meetingId), { key, body: { meetings: [{ title: 'a\u202Eb' }] } }],
      'meetings.0.title',
    ],
    [
      'NUL in a draft room title',
      () => [
        'PUT',
        cmPath(f.meetingId, '/draft'),
        { key, body: { rooms: [{ key: 'k', title: '\u0000x' }], assignments: {} } },
      ],
      'rooms.0.title',
    ],
    [
      'NUL in a draft room key',
      () => [
        'PUT',
        cmPath(f.meetingId, '/draft'),
        { key, body: { rooms: [{ key: 'k\u0000', title: 'x' }], assignments: {} } },
      ],
      'rooms.0.key',
    ],
    [
      'a lone surrogate in a draft room title',
      () => [
        'PUT',
        cmPath(f.meetingId, '/draft'),
        { key, body: { rooms: [{ key: 'k', title: 'x\uD800' }], assignments: {} } },
      ],
      'rooms.0.title',
    ],
    [
      'NUL in a poll question',
      () => [
        'POST',
        `/meetings/${f.meetingId}/polls`,
        { key, body: { question: 'q\u0000', options: ['a', 'b'] } },
      ],
      'question',
    ],
    [
      'NUL in a poll option',
      () => [
        'POST',
        `/meetings/${f.meetingId}/polls`,
        { key, body: { question: 'q', options: ['a\u0000', 'b'] } },
      ],
      'options.0',
    ],
    [
      'a C1 control in a chat message',
      () => ['POST', `/meetings/${f.meetingId}/chat`, { key, body: { message: 'hi\u0085' } }],
      'message',
    ],
    [
      'a lone surrogate in a chat message',
      () => ['POST', `/meetings/${f.meetingId}/chat`, { key, body: { message: 'hi\uDC00' } }],
      'message',
    ],
    [
      'NUL in a help message',
      () => [
        'POST',
        `/meetings/${roomId}/help-requests`,
        { ...asSeat(ann), body: { message: 'help\u0000' } } as never,
      ],
      'message',
    ],
    [
      'a tab in a participant name',
      () => [
        'POST',
        `/meetings/${f.meetingId}/participants`,
        { key, body: { name: 'a\tb', preset_name: 'asker' } },
      ],
      'name',
    ],
    [
      'an LRI isolate in a participant name',
      () => [
        'POST',
        `/meetings/${f.meetingId}/participants`,
        { key, body: { name: 'a\u2067b', preset_name: 'asker' } },
      ],
      'name',
    ],
    ['DEL in a meeting title', () => ['POST', '/meetings', { key, body: { title: 'a\u007F' } }], 'title'],
    // RealtimeKit's free-form fields are stored as given, in jsonb, which refuses these anywhere.
    [
      'a lone surrogate in a key of ai_config',
      () => ['PUT', `/meetings/${f.meetingId}`, { key, body: { ai_config: { '\uD83Dx': 1 } } }],
      'ai_config',
    ],
    [
      'NUL deep in recording_config',
      () => ['POST', '/meetings', { key, body: { recording_config: { a: [{ b: 'x\u0000' }] } } }],
      'recording_config',
    ],
    [
      "a lone surrogate in a preset's plugin config",
      () => [
        'POST',
        '/presets',
        { key, body: { name: 'plugged', permissions: { plugins: { config: { p: { k: '\uDC00' } } } } } },
      ],
      'permissions',
    ],
  ];

  it.each(cases)('%s is a 400 naming the field and changes nothing', async (_name, req, field) => {
    const before = await dbState();
    const [method, path, opts] = req();
    const res = await api(method, path, opts);
    expectRefused(res, { status: 400, code: 'invalid', field });
    expect(await dbState()).toBe(before);
  });

  it('line breaks, tabs and right-to-left text are kept where text is multi-line', async () => {
    const res = await api('POST', `/meetings/${f.meetingId}/chat`, {
      key,
      body: { message: 'line one\n\tline two \u202Bעברית\u202C 👋' },
    });
    expect(res.status).toBe(201);
  });
});

describe('a malformed participant cookie', () => {
  it('is no seat (401), not a 500', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant' });
    const cookie = `bp_${f.meetingId.replace(/-/g, '')}=%E0%A4%A`;
    const res = await api('POST', '/livekit/token', {
      body: { meeting_id: f.meetingId },
      headers: { cookie, origin: APP },
    });
    expectRefused(res, { status: 401, code: 'unauthorized' });
  });
});

describe('cross-site requests with a participant cookie', () => {
  let f: Awaited<ReturnType<typeof family>>;
  let cookie: string;
  beforeAll(async () => {
    const host = await newHost();
    f = await family(host, { ann: 'host' }, 1);
    cookie = `bp_${f.meetingId.replace(/-/g, '')}=${f.seats.ann!.token}`;
  });

  const send = (path: string, body: unknown, headers: Record<string, string>) =>
    handle(
      new Request(`${APP}/api/v1${path}`, {
        method: 'POST',
        headers: { cookie, ...headers },
        body: JSON.stringify(body),
      }),
    );

  it.each([
    [
      'chat from another origin as text/plain',
      () => `/meetings/${f.meetingId}/chat`,
      { message: 'hi' },
      { origin: 'http://evil.example', 'content-type': 'text/plain' },
      // Refused for its type before anyone is looked up.
      'unsupported:content_type',
    ],
    [
      'chat from another origin as JSON',
      () => `/meetings/${f.meetingId}/chat`,
      { message: 'hi' },
      { origin: 'http://evil.example', 'content-type': 'application/json' },
      'forbidden:cross_site',
    ],
    [
      'chat with no Origin at all',
      () => `/meetings/${f.meetingId}/chat`,
      { message: 'hi' },
      { 'content-type': 'application/json' },
      'forbidden:cross_site',
    ],
    [
      'chat from a sibling site',
      () => `/meetings/${f.meetingId}/chat`,
      { message: 'hi' },
      { origin: 'http://localhost:3001', 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      'forbidden:cross_site',
    ],
    [
      'chat from our origin as text/plain',
      () => `/meetings/${f.meetingId}/chat`,
      { message: 'hi' },
      { origin: APP, 'content-type': 'text/plain' },
      'unsupported:content_type',
    ],
    [
      'a help request from another origin',
      () => `/meetings/${f.rooms[0]}/help-requests`,
      {},
      { origin: 'http://evil.example', 'content-type': 'application/json' },
      'forbidden:cross_site',
    ],
    [
      'a media token from another origin',
      () => '/livekit/token',
      () => ({ meeting_id: f.meetingId }),
      { origin: 'http://evil.example', 'content-type': 'application/json' },
      'forbidden:cross_site',
    ],
    [
      'a breakout room from another origin',
      () => cmPath(f.meetingId),
      { meetings: [{ title: 'x' }] },
      { origin: 'http://evil.example', 'content-type': 'application/json' },
      'forbidden:cross_site',
    ],
  ])('%s is refused and changes nothing', async (_n, path, body, headers, code) => {
    const before = await dbState();
    const res = await send(path(), typeof body === 'function' ? body() : body, headers);
    expect(res.status).toBe(code === 'unsupported:content_type' ? 415 : 403);
    const json = (await res.json()) as { success: boolean; error: { code: string; message: string } };
    expect(json.success).toBe(false);
    expect(json.error.code).toBe(code);
    expect(await dbState()).toBe(before);
  });

  it.each([
    ['Origin equal to APP_URL', { origin: APP }],
    ["Origin equal to the request's Host", { origin: 'http://10.0.0.5:8080', host: '10.0.0.5:8080' }],
    ['Sec-Fetch-Site: same-origin without Origin', { 'sec-fetch-site': 'same-origin' }],
  ])('a JSON post with %s is accepted', async (_n, headers) => {
    const res = await send(
      `/meetings/${f.meetingId}/chat`,
      { message: 'same origin' },
      {
        'content-type': 'application/json',
        ...headers,
      },
    );
    expect(res.status).toBe(201);
  });

  it('reads with a cookie need no Origin, and tokens and API keys are not affected', async () => {
    const read = await handle(
      new Request(`${APP}/api/v1/meetings/${f.meetingId}/chat`, { headers: { cookie } }),
    );
    expect(read.status).toBe(200);
    const byToken = await handle(
      new Request(`${APP}/api/v1/meetings/${f.meetingId}/chat`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${f.seats.ann!.token}`,
          origin: 'http://evil.example',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ message: 'by token' }),
      }),
    );
    expect(byToken.status).toBe(201);
  });
});
