import { describeRefusals, get, newPerson, patch, post, to, type RefusalCase } from '../support/refusals';

// Well-formed bodies whose values the API refuses: permission documents, paging, status, pictures,
// PATCHes that change nothing, preset names that do not exist, and names or ids already taken.

const permissions: RefusalCase[] = [
  [
    'can_produce MAYBE',
    post('/presets', { name: 'p1', permissions: { media: { audio: { can_produce: 'MAYBE' } } } }),
    400,
    'invalid',
    'permissions.media.audio.can_produce',
  ],
  [
    'a boolean given as "yes"',
    post('/presets', { name: 'p2', permissions: { can_record: 'yes' } }),
    400,
    'invalid',
    'permissions.can_record',
  ],
  [
    'an unknown top-level permission',
    post('/presets', { name: 'p3', permissions: { can_fly: true } }),
    400,
    'invalid',
    'permissions.can_fly',
  ],
  [
    'an unknown nested permission',
    post('/presets', { name: 'p4', permissions: { media: { hologram: {} } } }),
    400,
    'invalid',
    'permissions.media.hologram',
  ],
  [
    'can_produce MAYBE on PATCH',
    patch(to.preset, { permissions: { media: { video: { can_produce: 'MAYBE' } } } }),
    400,
    'invalid',
    'permissions.media.video.can_produce',
  ],
  [
    'a boolean given as "yes" on PATCH',
    patch(to.preset, { permissions: { polls: { can_vote: 'yes' } } }),
    400,
    'invalid',
    'permissions.polls.can_vote',
  ],
  [
    'a permission group replaced by null on PATCH',
    patch(to.preset, { permissions: { chat: null } }),
    400,
    'invalid',
    'permissions.chat',
  ],
  ['permissions as an array on PATCH', patch(to.preset, { permissions: [] }), 400, 'invalid', 'permissions'],
];

const pagingAndFilters: RefusalCase[] = [
  ['page_no=0', get('/meetings?page_no=0'), 400, 'invalid', 'page_no'],
  ['page_no=1.5', get('/meetings?page_no=1.5'), 400, 'invalid', 'page_no'],
  ['per_page=1000', get('/presets?per_page=1000'), 400, 'invalid', 'per_page'],
  ['per_page=abc', get((f) => `${to.people(f)}?per_page=abc`), 400, 'invalid', 'per_page'],
  ['per_page=-5', get('/presets?per_page=-5'), 400, 'invalid', 'per_page'],
  ['a 10k-character search', get(`/meetings?search=${'s'.repeat(10_000)}`), 400, 'invalid', 'search'],
  ['a NUL character in search', get('/meetings?search=a%00b'), 400, 'invalid', 'search'],
  ['status=OPEN in the list filter', get('/meetings?status=OPEN'), 400, 'invalid', 'status'],
  ['status in lower case', post('/meetings', { title: 'T', status: 'active' }), 400, 'invalid', 'status'],
  ['status DELETED on PATCH', patch(to.meeting, { status: 'DELETED' }), 400, 'invalid', 'status'],
];

const pictures: RefusalCase[] = [
  [
    'a picture that is not a URL',
    post(to.people, newPerson({ picture: 'not a url' })),
    400,
    'invalid',
    'picture',
  ],
  [
    'a javascript: picture',
    post(to.people, newPerson({ picture: 'javascript:alert(1)' })),
    400,
    'invalid',
    'picture',
  ],
  [
    'a data: picture on PATCH',
    patch(to.person, { picture: 'data:image/png;base64,AAAA' }),
    400,
    'invalid',
    'picture',
  ],
];

const nothingToChange: RefusalCase[] = [
  ['an empty meeting PATCH', patch(to.meeting, {}), 400, 'invalid'],
  ['an empty preset PATCH', patch(to.preset, {}), 400, 'invalid'],
  ['an empty participant PATCH', patch(to.person, {}), 400, 'invalid'],
];

const namesAndIds: RefusalCase[] = [
  [
    'an unknown preset_name when adding',
    post(to.people, newPerson({ preset_name: 'nobody-has-this' })),
    400,
    'invalid:preset_name',
    'preset_name',
  ],
  [
    'an unknown preset_name when changing',
    patch(to.person, { preset_name: 'nobody-has-this' }),
    400,
    'invalid:preset_name',
    'preset_name',
  ],
  [
    'a custom_participant_id already in the meeting',
    post(to.people, newPerson({ custom_participant_id: 'crm-1' })),
    409,
    'conflict:custom_participant_id',
    'custom_participant_id',
  ],
  ['a preset name already taken', post('/presets', { name: 'team' }), 409, 'conflict:preset_name', 'name'],
  [
    'renaming a preset to a taken name',
    patch(to.preset, { name: 'host' }),
    409,
    'conflict:preset_name',
    'name',
  ],
];

describeRefusals('request values the API refuses', [
  ...permissions,
  ...pagingAndFilters,
  ...pictures,
  ...nothingToChange,
  ...namesAndIds,
]);
