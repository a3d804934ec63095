import { expect, it } from 'vitest';
import { api } from '../support/api';
import { del, describeRefusals, get, patch, post, send, to, type RefusalCase } from '../support/refusals';

// Requests refused before any body is looked at: ids in the path that are not UUIDs or do not exist,
// routes and methods the API does not have, and missing or wrong credentials.

const UNKNOWN = '6c0e6d0a-5f2c-4b6e-8f0e-3a1d2b4c5e6f';

const pathIds: RefusalCase[] = [
  ['preset_id not a UUID', get('/presets/not-a-uuid'), 400, 'invalid', 'preset_id'],
  ['preset_id not a UUID on DELETE', del('/presets/1234'), 400, 'invalid', 'preset_id'],
  ['meeting_id not a UUID', patch('/meetings/abc', { title: 'T' }), 400, 'invalid', 'meeting_id'],
  [
    'meeting_id with letters outside hex',
    post('/meetings/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz/participants', { name: 'A', preset_name: 'team' }),
    400,
    'invalid',
    'meeting_id',
  ],
  ['participant_id not a UUID', get((f) => `${to.people(f)}/42`), 400, 'invalid', 'participant_id'],
  [
    'participant_id not a UUID on token',
    post((f) => `${to.people(f)}/me/token`),
    400,
    'invalid',
    'participant_id',
  ],
  ['an unknown meeting id', get(`/meetings/${UNKNOWN}`), 404, 'not_found:meeting'],
  [
    'an unknown meeting id when adding',
    post(`/meetings/${UNKNOWN}/participants`, { name: 'A', preset_name: 'team' }),
    404,
    'not_found:meeting',
  ],
  ['an unknown participant id', del((f) => `${to.people(f)}/${UNKNOWN}`), 404, 'not_found:participant'],
  [
    'a token for an unknown participant',
    post((f) => `${to.people(f)}/${UNKNOWN}/token`),
    404,
    'not_found:participant',
  ],
  ['an unknown preset id', patch(`/presets/${UNKNOWN}`, { name: 'q' }), 404, 'not_found:preset'],
];

const routesAndMethods: RefusalCase[] = [
  ['an unknown route', get('/rooms'), 404, 'not_found:route'],
  ['an unknown sub-route', get((f) => `${to.meeting(f)}/breakouts`), 404, 'not_found:route'],
  ['a path with an extra version segment', get('/v2/meetings'), 404, 'not_found:route'],
  ['PUT on /meetings', send('PUT', '/meetings', { title: 'T' }), 405, 'method_not_allowed'],
  ['DELETE on a meeting', del(to.meeting), 405, 'method_not_allowed'],
  // GET reads the current link (participant-links.test.ts); the token route has no DELETE.
  ['DELETE on the token route', del((f) => `${to.person(f)}/token`), 405, 'method_not_allowed'],
];

const credentials: RefusalCase[] = [
  ['no Authorization header', post('/meetings', { title: 'T' }, { key: undefined }), 401, 'unauthorized'],
  [
    'a Basic Authorization header',
    (f) => ['GET', '/meetings', { headers: { authorization: `Basic ${f.key}` } }],
    401,
    'unauthorized',
  ],
  [
    '"Bearer" with no key',
    get('/meetings', { key: undefined, headers: { authorization: 'Bearer' } }),
    401,
    'unauthorized',
  ],
  [
    'the key without a scheme',
    (f) => ['GET', '/meetings', { headers: { authorization: f.key } }],
    401,
    'unauthorized',
  ],
  [
    'an unknown key of the right shape',
    send('DELETE', `/presets/${UNKNOWN}`, undefined, { key: `bk_${'A'.repeat(43)}` }),
    401,
    'unauthorized',
  ],
  [
    'the key with one character changed',
    (f) => [
      'POST',
      '/meetings',
      { key: f.key.slice(0, -1) + (f.key.endsWith('a') ? 'b' : 'a'), body: { title: 'T' } },
    ],
    401,
    'unauthorized',
  ],
];

describeRefusals(
  'requests refused by route, method or credentials',
  [...pathIds, ...routesAndMethods, ...credentials],
  (fixture) => {
    it('a refused wrong method says which methods the path allows', async () => {
      const res = await api('PUT', '/meetings', { key: fixture().key });
      expect(res.body.error?.message).toContain('POST');
      expect(res.body.error?.message).toContain('GET');
    });
  },
);
