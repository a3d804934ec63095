import { beforeAll, describe, expect, it } from 'vitest';
import { api, newHost } from '../support/api';
import {
  addParticipant,
  createMeeting,
  createPreset,
  dbState,
  expectRefused,
  openDatabase,
  type Refusal,
  type RequestOptions,
} from '../support/rest';

beforeAll(openDatabase);

// Every request here is wrong in one way. Each must be refused with a 4xx in the error envelope, name the
// field at fault where there is one, and leave the database exactly as it was.

interface Fixture {
  key: string;
  meetingId: string;
  participantId: string;
  presetId: string;
}
let f: Fixture;

beforeAll(async () => {
  const host = await newHost();
  const meeting = await createMeeting(host.key, { title: 'Fixture meeting' });
  const preset = await createPreset(host.key, { name: 'team' });
  const person = await addParticipant(host.key, meeting.id, {
    name: 'Fixture person',
    preset_name: 'team',
    custom_participant_id: 'crm-1',
  });
  f = { key: host.key, meetingId: meeting.id, participantId: person.id, presetId: preset.id };
});

type Req = [method: string, path: string, opts?: RequestOptions];
interface Case extends Refusal {
  name: string;
  req: (f: Fixture) => Req;
}

const meetingPath = (x: Fixture) => `/meetings/${x.meetingId}`;
const people = (x: Fixture) => `/meetings/${x.meetingId}/participants`;
const person = (x: Fixture) => `${people(x)}/${x.participantId}`;
const presetPath = (x: Fixture) => `/presets/${x.presetId}`;
const addBody = (extra: Record<string, unknown>) => ({ name: 'New person', preset_name: 'team', ...extra });
const BAD = 400;

const cases: Case[] = [
  // Wrong types
  {
    name: 'title as a number',
    req: (x) => ['POST', '/meetings', { key: x.key, body: { title: 5 } }],
    status: BAD,
    code: 'invalid',
    field: 'title',
  },
  {
    name: 'preset name as an array',
    req: (x) => ['POST', '/presets', { key: x.key, body: { name: [] } }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'participant name as an object',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ name: { first: 'A' } }) }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'preset_name as a boolean',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ preset_name: true }) }],
    status: BAD,
    code: 'invalid',
    field: 'preset_name',
  },
  {
    name: 'title null on PATCH',
    req: (x) => ['PATCH', meetingPath(x), { key: x.key, body: { title: null } }],
    status: BAD,
    code: 'invalid',
    field: 'title',
  },
  {
    name: 'permissions as a string',
    req: (x) => ['POST', '/presets', { key: x.key, body: { name: 'p', permissions: 'all' } }],
    status: BAD,
    code: 'invalid',
    field: 'permissions',
  },
  {
    name: 'a JSON array as the body',
    req: (x) => ['POST', '/meetings', { key: x.key, body: [] }],
    status: BAD,
    code: 'invalid',
  },
  // Missing required fields
  {
    name: 'participant without name',
    req: (x) => ['POST', people(x), { key: x.key, body: { preset_name: 'team' } }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'participant without preset_name',
    req: (x) => ['POST', people(x), { key: x.key, body: { name: 'A' } }],
    status: BAD,
    code: 'invalid',
    field: 'preset_name',
  },
  {
    name: 'preset without name',
    req: (x) => ['POST', '/presets', { key: x.key, body: { permissions: {} } }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  // Empty and whitespace strings
  {
    name: 'whitespace-only title',
    req: (x) => ['POST', '/meetings', { key: x.key, body: { title: '   ' } }],
    status: BAD,
    code: 'invalid',
    field: 'title',
  },
  {
    name: 'empty participant name',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ name: '' }) }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'whitespace-only preset name',
    req: (x) => ['POST', '/presets', { key: x.key, body: { name: ' \t ' } }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'empty custom_participant_id',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ custom_participant_id: '' }) }],
    status: BAD,
    code: 'invalid',
    field: 'custom_participant_id',
  },
  {
    name: 'empty name on participant PATCH',
    req: (x) => ['PATCH', person(x), { key: x.key, body: { name: ' ' } }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'preset name starting with punctuation',
    req: (x) => ['POST', '/presets', { key: x.key, body: { name: '-dash' } }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  // Huge strings and bodies
  {
    name: 'a 10k-character title',
    req: (x) => ['POST', '/meetings', { key: x.key, body: { title: 'x'.repeat(10_000) } }],
    status: BAD,
    code: 'invalid',
    field: 'title',
  },
  {
    name: 'a 10k-character participant name',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ name: 'n'.repeat(10_000) }) }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'a 10k-character custom_participant_id',
    req: (x) => [
      'POST',
      people(x),
      { key: x.key, body: addBody({ custom_participant_id: 'c'.repeat(10_000) }) },
    ],
    status: BAD,
    code: 'invalid',
    field: 'custom_participant_id',
  },
  {
    name: 'a 10k-character preset name',
    req: (x) => ['POST', '/presets', { key: x.key, body: { name: 'p'.repeat(10_000) } }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'a 10k-character search',
    req: (x) => ['GET', `/meetings?search=${'s'.repeat(10_000)}`, { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'search',
  },
  {
    name: 'a body over 64 KB',
    req: (x) => ['POST', '/meetings', { key: x.key, body: { title: 'ok', padding: 'x'.repeat(70_000) } }],
    status: BAD,
    code: 'invalid:too_large',
  },
  {
    name: 'a declared Content-Length over 64 KB',
    req: (x) => [
      'POST',
      '/meetings',
      { key: x.key, body: { title: 'ok' }, headers: { 'content-length': '70000' } },
    ],
    status: BAD,
    code: 'invalid:too_large',
  },
  // NUL characters, which PostgreSQL text cannot store
  {
    name: 'a NUL character in a title',
    req: (x) => ['POST', '/meetings', { key: x.key, body: { title: 'a\u0000b' } }],
    status: BAD,
    code: 'invalid',
    field: 'title',
  },
  {
    name: 'a NUL character in a participant name',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ name: 'x\u0000' }) }],
    status: BAD,
    code: 'invalid',
    field: 'name',
  },
  {
    name: 'a NUL character in custom_participant_id',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ custom_participant_id: '\u0000' }) }],
    status: BAD,
    code: 'invalid',
    field: 'custom_participant_id',
  },
  {
    name: 'a NUL character in preset_name',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ preset_name: 'team\u0000' }) }],
    status: BAD,
    code: 'invalid',
    field: 'preset_name',
  },
  {
    name: 'a NUL character in a picture URL',
    req: (x) => [
      'POST',
      people(x),
      { key: x.key, body: addBody({ picture: 'https://a.example/\u0000.png' }) },
    ],
    status: BAD,
    code: 'invalid',
    field: 'picture',
  },
  {
    name: 'a NUL character in search',
    req: (x) => ['GET', '/meetings?search=a%00b', { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'search',
  },
  {
    name: 'a NUL character in a renamed title',
    req: (x) => ['PATCH', meetingPath(x), { key: x.key, body: { title: '\u0000' } }],
    status: BAD,
    code: 'invalid',
    field: 'title',
  },
  // Bad ids in the path
  {
    name: 'preset_id not a UUID',
    req: (x) => ['GET', '/presets/not-a-uuid', { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'preset_id',
  },
  {
    name: 'preset_id not a UUID on DELETE',
    req: (x) => ['DELETE', '/presets/1234', { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'preset_id',
  },
  {
    name: 'meeting_id not a UUID',
    req: (x) => ['PATCH', '/meetings/abc', { key: x.key, body: { title: 'T' } }],
    status: BAD,
    code: 'invalid',
    field: 'meeting_id',
  },
  {
    name: 'meeting_id not a UUID when adding',
    req: (x) => [
      'POST',
      '/meetings/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz/participants',
      { key: x.key, body: addBody({}) },
    ],
    status: BAD,
    code: 'invalid',
    field: 'meeting_id',
  },
  {
    name: 'participant_id not a UUID',
    req: (x) => ['GET', `${people(x)}/42`, { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'participant_id',
  },
  {
    name: 'participant_id not a UUID on token',
    req: (x) => ['POST', `${people(x)}/me/token`, { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'participant_id',
  },
  {
    name: 'an unknown meeting id',
    req: (x) => ['GET', '/meetings/6c0e6d0a-5f2c-4b6e-8f0e-3a1d2b4c5e6f', { key: x.key }],
    status: 404,
    code: 'not_found:meeting',
  },
  {
    name: 'an unknown participant id',
    req: (x) => ['DELETE', `${people(x)}/6c0e6d0a-5f2c-4b6e-8f0e-3a1d2b4c5e6f`, { key: x.key }],
    status: 404,
    code: 'not_found:participant',
  },
  {
    name: 'an unknown preset id',
    req: (x) => [
      'PATCH',
      '/presets/6c0e6d0a-5f2c-4b6e-8f0e-3a1d2b4c5e6f',
      { key: x.key, body: { name: 'q' } },
    ],
    status: 404,
    code: 'not_found:preset',
  },
  // Names that do not exist or already exist
  {
    name: 'an unknown preset_name when adding',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ preset_name: 'nobody-has-this' }) }],
    status: BAD,
    code: 'invalid:preset_name',
    field: 'preset_name',
  },
  {
    name: 'an unknown preset_name when changing',
    req: (x) => ['PATCH', person(x), { key: x.key, body: { preset_name: 'nobody-has-this' } }],
    status: BAD,
    code: 'invalid:preset_name',
    field: 'preset_name',
  },
  {
    name: 'a custom_participant_id already in the meeting',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ custom_participant_id: 'crm-1' }) }],
    status: 409,
    code: 'conflict:custom_participant_id',
    field: 'custom_participant_id',
  },
  {
    name: 'a preset name already taken',
    req: (x) => ['POST', '/presets', { key: x.key, body: { name: 'team' } }],
    status: 409,
    code: 'conflict:preset_name',
    field: 'name',
  },
  {
    name: 'renaming a preset to a taken name',
    req: (x) => ['PATCH', presetPath(x), { key: x.key, body: { name: 'host' } }],
    status: 409,
    code: 'conflict:preset_name',
    field: 'name',
  },
  // Unknown fields
  {
    name: 'an unknown field on a meeting',
    req: (x) => ['POST', '/meetings', { key: x.key, body: { title: 'T', colour: 'red' } }],
    status: BAD,
    code: 'invalid',
    field: 'colour',
  },
  {
    name: 'an unknown field on a participant',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ role: 'admin' }) }],
    status: BAD,
    code: 'invalid',
    field: 'role',
  },
  {
    name: 'token in a participant PATCH',
    req: (x) => ['PATCH', person(x), { key: x.key, body: { token: 'bpt_x' } }],
    status: BAD,
    code: 'invalid',
    field: 'token',
  },
  {
    name: 'custom_participant_id in a participant PATCH',
    req: (x) => ['PATCH', person(x), { key: x.key, body: { custom_participant_id: 'x' } }],
    status: BAD,
    code: 'invalid',
    field: 'custom_participant_id',
  },
  // Bodies that are not JSON or missing
  {
    name: 'a body that is not JSON',
    req: (x) => [
      'POST',
      '/meetings',
      { key: x.key, rawBody: '{"title": ', headers: { 'content-type': 'application/json' } },
    ],
    status: BAD,
    code: 'invalid',
  },
  {
    name: 'no body where one is required',
    req: (x) => ['POST', '/meetings', { key: x.key }],
    status: BAD,
    code: 'invalid',
  },
  {
    name: 'a blank body on a preset',
    req: (x) => ['POST', '/presets', { key: x.key, rawBody: '  \n' }],
    status: BAD,
    code: 'invalid',
  },
  {
    name: 'no body on a participant PATCH',
    req: (x) => ['PATCH', person(x), { key: x.key }],
    status: BAD,
    code: 'invalid',
  },
  // Permission documents
  {
    name: 'can_produce MAYBE',
    req: (x) => [
      'POST',
      '/presets',
      { key: x.key, body: { name: 'p1', permissions: { media: { audio: { can_produce: 'MAYBE' } } } } },
    ],
    status: BAD,
    code: 'invalid',
    field: 'permissions.media.audio.can_produce',
  },
  {
    name: 'a boolean given as "yes"',
    req: (x) => [
      'POST',
      '/presets',
      { key: x.key, body: { name: 'p2', permissions: { can_record: 'yes' } } },
    ],
    status: BAD,
    code: 'invalid',
    field: 'permissions.can_record',
  },
  {
    name: 'an unknown top-level permission',
    req: (x) => ['POST', '/presets', { key: x.key, body: { name: 'p3', permissions: { can_fly: true } } }],
    status: BAD,
    code: 'invalid',
    field: 'permissions.can_fly',
  },
  {
    name: 'an unknown nested permission',
    req: (x) => [
      'POST',
      '/presets',
      { key: x.key, body: { name: 'p4', permissions: { media: { hologram: {} } } } },
    ],
    status: BAD,
    code: 'invalid',
    field: 'permissions.media.hologram',
  },
  {
    name: 'can_produce MAYBE on PATCH',
    req: (x) => [
      'PATCH',
      presetPath(x),
      { key: x.key, body: { permissions: { media: { video: { can_produce: 'MAYBE' } } } } },
    ],
    status: BAD,
    code: 'invalid',
    field: 'permissions.media.video.can_produce',
  },
  {
    name: 'a boolean given as "yes" on PATCH',
    req: (x) => [
      'PATCH',
      presetPath(x),
      { key: x.key, body: { permissions: { polls: { can_vote: 'yes' } } } },
    ],
    status: BAD,
    code: 'invalid',
    field: 'permissions.polls.can_vote',
  },
  {
    name: 'a permission group replaced by null on PATCH',
    req: (x) => ['PATCH', presetPath(x), { key: x.key, body: { permissions: { chat: null } } }],
    status: BAD,
    code: 'invalid',
    field: 'permissions.chat',
  },
  // Paging and filters
  {
    name: 'page_no=0',
    req: (x) => ['GET', '/meetings?page_no=0', { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'page_no',
  },
  {
    name: 'per_page=1000',
    req: (x) => ['GET', '/presets?per_page=1000', { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'per_page',
  },
  {
    name: 'per_page=abc',
    req: (x) => ['GET', `${people(x)}?per_page=abc`, { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'per_page',
  },
  {
    name: 'page_no=1.5',
    req: (x) => ['GET', '/meetings?page_no=1.5', { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'page_no',
  },
  {
    name: 'status=OPEN in the list filter',
    req: (x) => ['GET', '/meetings?status=OPEN', { key: x.key }],
    status: BAD,
    code: 'invalid',
    field: 'status',
  },
  {
    name: 'status in lower case',
    req: (x) => ['POST', '/meetings', { key: x.key, body: { title: 'T', status: 'active' } }],
    status: BAD,
    code: 'invalid',
    field: 'status',
  },
  {
    name: 'status DELETED on PATCH',
    req: (x) => ['PATCH', meetingPath(x), { key: x.key, body: { status: 'DELETED' } }],
    status: BAD,
    code: 'invalid',
    field: 'status',
  },
  // Pictures
  {
    name: 'a picture that is not a URL',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ picture: 'not a url' }) }],
    status: BAD,
    code: 'invalid',
    field: 'picture',
  },
  {
    name: 'a javascript: picture',
    req: (x) => ['POST', people(x), { key: x.key, body: addBody({ picture: 'javascript:alert(1)' }) }],
    status: BAD,
    code: 'invalid',
    field: 'picture',
  },
  {
    name: 'a data: picture on PATCH',
    req: (x) => ['PATCH', person(x), { key: x.key, body: { picture: 'data:image/png;base64,AAAA' } }],
    status: BAD,
    code: 'invalid',
    field: 'picture',
  },
  // PATCH with nothing to change
  {
    name: 'an empty meeting PATCH',
    req: (x) => ['PATCH', meetingPath(x), { key: x.key, body: {} }],
    status: BAD,
    code: 'invalid',
  },
  {
    name: 'an empty preset PATCH',
    req: (x) => ['PATCH', presetPath(x), { key: x.key, body: {} }],
    status: BAD,
    code: 'invalid',
  },
  {
    name: 'an empty participant PATCH',
    req: (x) => ['PATCH', person(x), { key: x.key, body: {} }],
    status: BAD,
    code: 'invalid',
  },
  // Routes and methods
  {
    name: 'an unknown route',
    req: (x) => ['GET', '/rooms', { key: x.key }],
    status: 404,
    code: 'not_found:route',
  },
  {
    name: 'an unknown sub-route',
    req: (x) => ['GET', `${meetingPath(x)}/breakouts`, { key: x.key }],
    status: 404,
    code: 'not_found:route',
  },
  {
    name: 'PUT on /meetings',
    req: (x) => ['PUT', '/meetings', { key: x.key, body: { title: 'T' } }],
    status: 405,
    code: 'method_not_allowed',
  },
  {
    name: 'DELETE on a meeting',
    req: (x) => ['DELETE', meetingPath(x), { key: x.key }],
    status: 405,
    code: 'method_not_allowed',
  },
  {
    name: 'GET on the token route',
    req: (x) => ['GET', `${person(x)}/token`, { key: x.key }],
    status: 405,
    code: 'method_not_allowed',
  },
  // Authorization
  {
    name: 'no Authorization header',
    req: () => ['POST', '/meetings', { body: { title: 'T' } }],
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'a Basic Authorization header',
    req: (x) => ['GET', '/meetings', { headers: { authorization: `Basic ${x.key}` } }],
    status: 401,
    code: 'unauthorized',
  },
  {
    name: '"Bearer" with no key',
    req: () => ['GET', '/meetings', { headers: { authorization: 'Bearer' } }],
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'the key without a scheme',
    req: (x) => ['GET', '/meetings', { headers: { authorization: x.key } }],
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'an unknown key of the right shape',
    req: () => ['DELETE', '/presets/6c0e6d0a-5f2c-4b6e-8f0e-3a1d2b4c5e6f', { key: `bk_${'A'.repeat(43)}` }],
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'the key with one character changed',
    req: (x) => [
      'POST',
      '/meetings',
      { key: x.key.slice(0, -1) + (x.key.endsWith('a') ? 'b' : 'a'), body: { title: 'T' } },
    ],
    status: 401,
    code: 'unauthorized',
  },
];

describe('malformed requests', () => {
  it('cover at least thirty ways to get a request wrong', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name is refused with $status and changes nothing', async (c) => {
    const before = await dbState();
    const [method, path, opts] = c.req(f);
    const res = await api(method, path, opts);
    expectRefused(res, c);
    expect(await dbState()).toBe(before);
  });

  it('a refused wrong method says which methods the path allows', async () => {
    const res = await api('PUT', '/meetings', { key: f.key });
    expect(res.body.error?.message).toContain('POST');
    expect(res.body.error?.message).toContain('GET');
  });

  it('a refusal about a field says which field in its message', async () => {
    const res = await api('POST', '/meetings', { key: f.key, body: { title: 5 } });
    expect(res.body.error?.message.toLowerCase()).toContain('title');
    const unknown = await api('POST', '/meetings', { key: f.key, body: { title: 'T', colour: 'red' } });
    expect(unknown.body.error?.message).toContain('"colour"');
  });
});
