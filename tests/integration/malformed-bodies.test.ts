import { expect, it } from 'vitest';
import { api } from '../support/api';
import { describeRefusals, newPerson, patch, post, to, type RefusalCase } from '../support/refusals';

// Request bodies with a wrong type, a missing or empty field, too much text, a NUL character, a field the
// API does not know, or no JSON at all.

const huge = (n: number) => 'x'.repeat(n);

const wrongTypes: RefusalCase[] = [
  ['title as a number', post('/meetings', { title: 5 }), 400, 'invalid', 'title'],
  ['preset name as an array', post('/presets', { name: [] }), 400, 'invalid', 'name'],
  [
    'participant name as an object',
    post(to.people, newPerson({ name: { first: 'A' } })),
    400,
    'invalid',
    'name',
  ],
  [
    'preset_name as a boolean',
    post(to.people, newPerson({ preset_name: true })),
    400,
    'invalid',
    'preset_name',
  ],
  ['title null on PATCH', patch(to.meeting, { title: null }), 400, 'invalid', 'title'],
  [
    'permissions as a string',
    post('/presets', { name: 'p', permissions: 'all' }),
    400,
    'invalid',
    'permissions',
  ],
  ['a JSON array as the body', post('/meetings', []), 400, 'invalid'],
];

const missingOrEmpty: RefusalCase[] = [
  ['participant name as a number', post(to.people, newPerson({ name: 42 })), 400, 'invalid', 'name'],
  ['participant without preset_name', post(to.people, { name: 'A' }), 400, 'invalid', 'preset_name'],
  ['preset without name', post('/presets', { permissions: {} }), 400, 'invalid', 'name'],
  ['whitespace-only title', post('/meetings', { title: '   ' }), 400, 'invalid', 'title'],
  ['empty participant name', post(to.people, newPerson({ name: '' })), 400, 'invalid', 'name'],
  ['whitespace-only preset name', post('/presets', { name: ' \t ' }), 400, 'invalid', 'name'],
  [
    'empty custom_participant_id',
    post(to.people, newPerson({ custom_participant_id: '' })),
    400,
    'invalid',
    'custom_participant_id',
  ],
  ['blank name on participant PATCH', patch(to.person, { name: ' ' }), 400, 'invalid', 'name'],
  ['preset name starting with punctuation', post('/presets', { name: '-dash' }), 400, 'invalid', 'name'],
];

const tooBig: RefusalCase[] = [
  ['a 10k-character title', post('/meetings', { title: huge(10_000) }), 400, 'invalid', 'title'],
  [
    'a 10k-character participant name',
    post(to.people, newPerson({ name: huge(10_000) })),
    400,
    'invalid',
    'name',
  ],
  [
    'a 10k-character custom_participant_id',
    post(to.people, newPerson({ custom_participant_id: huge(10_000) })),
    400,
    'invalid',
    'custom_participant_id',
  ],
  ['a 10k-character preset name', post('/presets', { name: huge(10_000) }), 400, 'invalid', 'name'],
  [
    'a 10k-character picture URL',
    patch(to.person, { picture: `https://a.example/${huge(10_000)}` }),
    400,
    'invalid',
    'picture',
  ],
  ['a body over 64 KB', post('/meetings', { title: 'ok', padding: huge(70_000) }), 413, 'too_large:body'],
  [
    'a declared Content-Length over 64 KB',
    post('/meetings', { title: 'ok' }, { headers: { 'content-length': '70000' } }),
    413,
    'too_large:body',
  ],
];

// PostgreSQL text cannot store U+0000; these used to reach the database and answer 500.
const nul: RefusalCase[] = [
  ['a NUL character in a title', post('/meetings', { title: 'a\u0000b' }), 400, 'invalid', 'title'],
  ['a NUL character in a renamed title', patch(to.meeting, { title: '\u0000' }), 400, 'invalid', 'title'],
  [
    'a NUL character in a participant name',
    post(to.people, newPerson({ name: 'x\u0000' })),
    400,
    'invalid',
    'name',
  ],
  [
    'a NUL character in custom_participant_id',
    post(to.people, newPerson({ custom_participant_id: '\u0000' })),
    400,
    'invalid',
    'custom_participant_id',
  ],
  [
    'a NUL character in preset_name',
    post(to.people, newPerson({ preset_name: 'team\u0000' })),
    400,
    'invalid',
    'preset_name',
  ],
  [
    'a NUL character in a picture URL',
    post(to.people, newPerson({ picture: 'https://a.example/\u0000.png' })),
    400,
    'invalid',
    'picture',
  ],
];

const unknownFields: RefusalCase[] = [
  [
    'an unknown field on a meeting',
    post('/meetings', { title: 'T', colour: 'red' }),
    400,
    'invalid',
    'colour',
  ],
  [
    'an unknown field on a participant',
    post(to.people, newPerson({ role: 'admin' })),
    400,
    'invalid',
    'role',
  ],
  ['token in a participant PATCH', patch(to.person, { token: 'bpt_x' }), 400, 'invalid', 'token'],
  [
    'custom_participant_id in a participant PATCH',
    patch(to.person, { custom_participant_id: 'x' }),
    400,
    'invalid',
    'custom_participant_id',
  ],
  [
    'id in a meeting PATCH',
    patch(to.meeting, { id: '6c0e6d0a-5f2c-4b6e-8f0e-3a1d2b4c5e6f' }),
    400,
    'invalid',
    'id',
  ],
];

const notJson: RefusalCase[] = [
  [
    'a body that is not JSON',
    post('/meetings', undefined, { rawBody: '{"title": ', headers: { 'content-type': 'application/json' } }),
    400,
    'invalid',
  ],
  ['no body where one is required', post('/meetings'), 400, 'invalid'],
  ['a blank body on a preset', post('/presets', undefined, { rawBody: '  \n' }), 400, 'invalid'],
  ['no body on a participant PATCH', patch(to.person), 400, 'invalid'],
];

describeRefusals(
  'malformed request bodies',
  [...wrongTypes, ...missingOrEmpty, ...tooBig, ...nul, ...unknownFields, ...notJson],
  (fixture) => {
    it('a refusal about a field says which field in its message', async () => {
      const { key } = fixture();
      const wrongType = await api('POST', '/meetings', { key, body: { title: 5 } });
      expect(wrongType.body.error?.message.toLowerCase()).toContain('title');
      const unknown = await api('POST', '/meetings', { key, body: { title: 'T', colour: 'red' } });
      expect(unknown.body.error?.message).toContain('"colour"');
    });
  },
);
