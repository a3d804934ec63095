import { beforeAll, describe, expect, it } from 'vitest';
import { setInvite } from '@/lib/meetings/invite';
import { DEFAULT_PRESET_CONFIG, DEFAULT_PRESET_UI, fullPresetDocument } from '@/lib/presets/document';
import {
  HOST_PERMISSIONS,
  PARTICIPANT_PERMISSIONS,
  permissionsSchema,
  type Permissions,
} from '@/lib/presets/permissions';
import { api, newHost } from '../support/api';
import {
  addParticipant,
  createMeeting,
  createPreset,
  dbState,
  expectRefused,
  ISO_DATE,
  list,
  ok,
  openDatabase,
  presetByName,
  type PresetDto,
  UUID,
} from '../support/rest';

beforeAll(openDatabase);

/** A stored permissions document as answered: with RealtimeKit's fields we do not act on at their defaults. */
const answered = (permissions: Permissions) =>
  fullPresetDocument({ permissions, config: null, ui: null }).permissions;

describe('presets over the REST API', () => {
  it('a new host starts with the host and participant presets and their documented permissions', async () => {
    const { key } = await newHost();
    const { data, paging } = await list<PresetDto>('/presets', key);
    expect(data.map((p) => [p.name, p.permissions])).toEqual([
      ['host', answered(HOST_PERMISSIONS)],
      ['participant', answered(PARTICIPANT_PERMISSIONS)],
    ]);
    expect(paging).toEqual({ start_offset: 1, end_offset: 2, total_count: 2 });
  });

  it('POST /presets answers 201 with the whole permissions document, defaults filled in', async () => {
    const { key } = await newHost();
    const created = await createPreset(key, {
      name: 'Listener',
      permissions: { media: { audio: { can_produce: 'NOT_ALLOWED' } }, polls: { can_vote: false } },
    });
    expect(created).toEqual({
      id: expect.stringMatching(UUID) as string,
      name: 'Listener',
      permissions: answered(
        permissionsSchema.parse({
          media: { audio: { can_produce: 'NOT_ALLOWED' } },
          polls: { can_vote: false },
        }),
      ),
      config: DEFAULT_PRESET_CONFIG,
      ui: DEFAULT_PRESET_UI,
      created_at: expect.stringMatching(ISO_DATE) as string,
      updated_at: expect.stringMatching(ISO_DATE) as string,
    });
    expect(created.permissions.media.video.can_produce).toBe('ALLOWED');
    expect(created.permissions.chat.public.can_send).toBe(true);

    const read = await ok<PresetDto>(200, 'GET', `/presets/${created.id}`, { key });
    expect(read).toEqual(created);
  });

  it('POST /presets without permissions gives an ordinary participant the defaults', async () => {
    const { key } = await newHost();
    const created = await createPreset(key, { name: 'plain' });
    expect(created.permissions).toEqual(answered(permissionsSchema.parse({})));
  });

  it('GET /presets lists presets by name, a page at a time, with 1-based offsets', async () => {
    const { key } = await newHost();
    await createPreset(key, { name: 'zeta' });
    await createPreset(key, { name: 'alpha' });

    const first = await list<PresetDto>('/presets?per_page=3&page_no=1', key);
    expect(first.data.map((p) => p.name)).toEqual(['alpha', 'host', 'participant']);
    expect(first.paging).toEqual({ start_offset: 1, end_offset: 3, total_count: 4 });

    const second = await list<PresetDto>('/presets?per_page=3&page_no=2', key);
    expect(second.data.map((p) => p.name)).toEqual(['zeta']);
    expect(second.paging).toEqual({ start_offset: 4, end_offset: 4, total_count: 4 });
  });

  it('a page past the end is empty and its offsets are both 0', async () => {
    const { key } = await newHost();
    const past = await list<PresetDto>('/presets?per_page=2&page_no=5', key);
    expect(past.data).toEqual([]);
    expect(past.paging).toEqual({ start_offset: 0, end_offset: 0, total_count: 2 });
  });

  it('PATCH /presets/{id} with a name renames the preset and keeps its permissions', async () => {
    const { key } = await newHost();
    const before = await presetByName(key, 'participant');
    const renamed = await ok<PresetDto>(200, 'PATCH', `/presets/${before.id}`, {
      key,
      body: { name: 'attendee' },
    });
    expect(renamed).toMatchObject({ id: before.id, name: 'attendee', permissions: before.permissions });
    expect((await ok<PresetDto>(200, 'GET', `/presets/${before.id}`, { key })).name).toBe('attendee');
    const names = (await list<PresetDto>('/presets', key)).data.map((p) => p.name);
    expect(names).toEqual(['attendee', 'host']);
  });

  it('PATCH /presets/{id} with part of the permissions changes those fields and keeps every other one', async () => {
    const { key } = await newHost();
    const before = await presetByName(key, 'participant');
    const patched = await ok<PresetDto>(200, 'PATCH', `/presets/${before.id}`, {
      key,
      body: {
        permissions: { media: { video: { can_produce: 'NOT_ALLOWED' } }, polls: { can_create: true } },
      },
    });
    const expected: Permissions = structuredClone(before.permissions);
    expected.media.video.can_produce = 'NOT_ALLOWED';
    expected.polls.can_create = true;
    expect(patched.permissions).toEqual(expected);
    expect(patched.name).toBe('participant');
    // Siblings inside the objects that were patched survive the merge.
    expect(patched.permissions.media.audio.can_produce).toBe(before.permissions.media.audio.can_produce);
    expect(patched.permissions.polls.can_vote).toBe(before.permissions.polls.can_vote);

    const read = await ok<PresetDto>(200, 'GET', `/presets/${before.id}`, { key });
    expect(read.permissions).toEqual(expected);
  });

  it('PATCH /presets/{id} may rename and change permissions in one request', async () => {
    const { key } = await newHost();
    const created = await createPreset(key, { name: 'speaker' });
    const patched = await ok<PresetDto>(200, 'PATCH', `/presets/${created.id}`, {
      key,
      body: { name: 'moderator', permissions: { kick_participant: true } },
    });
    expect(patched.name).toBe('moderator');
    expect(patched.permissions).toEqual({ ...created.permissions, kick_participant: true });
  });

  it('DELETE /presets/{id} answers the deleted preset, which is then gone', async () => {
    const { key } = await newHost();
    const created = await createPreset(key, { name: 'temporary' });
    const deleted = await ok<PresetDto>(200, 'DELETE', `/presets/${created.id}`, { key });
    expect(deleted).toEqual(created);
    expectRefused(await api('GET', `/presets/${created.id}`, { key }), {
      status: 404,
      code: 'not_found:preset',
    });
    const names = (await list<PresetDto>('/presets', key)).data.map((p) => p.name);
    expect(names).not.toContain('temporary');
  });
});

describe('a preset in use', () => {
  it('cannot be deleted while a participant has it: 409 naming the preset, and nothing changes', async () => {
    const { key } = await newHost();
    const preset = await createPreset(key, { name: 'panelist' });
    const meeting = await createMeeting(key);
    const person = await addParticipant(key, meeting.id, { name: 'Grace', preset_name: 'panelist' });

    const before = await dbState();
    const refused = await api('DELETE', `/presets/${preset.id}`, { key });
    expectRefused(refused, { status: 409, code: 'conflict:preset_in_use' });
    expect(refused.body.error?.message).toContain('"panelist"');
    expect(await dbState()).toBe(before);

    await ok(200, 'PATCH', `/meetings/${meeting.id}/participants/${person.id}`, {
      key,
      body: { preset_name: 'participant' },
    });
    expect(await ok<PresetDto>(200, 'DELETE', `/presets/${preset.id}`, { key })).toMatchObject({
      id: preset.id,
      name: 'panelist',
    });
    expectRefused(await api('GET', `/presets/${preset.id}`, { key }), {
      status: 404,
      code: 'not_found:preset',
    });
  });

  it('can be deleted once the participant who had it is removed', async () => {
    const { key } = await newHost();
    const preset = await createPreset(key, { name: 'guest' });
    const meeting = await createMeeting(key);
    const person = await addParticipant(key, meeting.id, { name: 'Alan', preset_name: 'guest' });
    expectRefused(await api('DELETE', `/presets/${preset.id}`, { key }), {
      status: 409,
      code: 'conflict:preset_in_use',
    });
    await ok(200, 'DELETE', `/meetings/${meeting.id}/participants/${person.id}`, { key });
    await ok(200, 'DELETE', `/presets/${preset.id}`, { key });
  });

  it('cannot be deleted while a meeting invite link grants it, and can once the link is off', async () => {
    const host = await newHost();
    const preset = await createPreset(host.key, { name: 'visitor' });
    const meeting = await createMeeting(host.key, { title: 'Open house' });
    await setInvite(host.id, meeting.id, { enabled: true, preset_name: 'visitor' });

    const before = await dbState();
    const refused = await api('DELETE', `/presets/${preset.id}`, { key: host.key });
    expectRefused(refused, { status: 409, code: 'conflict:preset_in_use' });
    expect(refused.body.error?.message).toContain('"visitor"');
    expect(refused.body.error?.message).toContain('"Open house"');
    expect(await dbState()).toBe(before);

    await setInvite(host.id, meeting.id, { enabled: false });
    await ok(200, 'DELETE', `/presets/${preset.id}`, { key: host.key });
  });
});
