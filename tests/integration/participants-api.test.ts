import { beforeAll, describe, expect, it } from 'vitest';
import { findParticipantByToken } from '@/lib/participants/service';
import { api, newHost } from '../support/api';
import {
  addParticipant,
  allKeys,
  createMeeting,
  expectRefused,
  ISO_DATE,
  list,
  ok,
  openDatabase,
  PARTICIPANT_TOKEN,
  type ParticipantDto,
  presetByName,
  UUID,
} from '../support/rest';

beforeAll(openDatabase);

/** A host with a meeting, ready for participants. */
async function hostWithMeeting() {
  const host = await newHost();
  const meeting = await createMeeting(host.key, { title: 'Team meeting' });
  const base = `/meetings/${meeting.id}/participants`;
  return { key: host.key, meeting, base };
}

describe('adding participants', () => {
  it('POST answers 201 with the participant, a secret token and an absolute join link from APP_URL', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const preset = await presetByName(key, 'participant');
    const added = await addParticipant(key, meeting.id, {
      name: ' Ada Lovelace ',
      preset_name: 'participant',
      custom_participant_id: 'crm-42',
      picture: 'https://images.example.com/ada.png',
    });
    expect(added).toEqual({
      id: expect.stringMatching(UUID) as string,
      meeting_id: meeting.id,
      current_meeting_id: meeting.id,
      name: 'Ada Lovelace',
      preset_id: preset.id,
      preset_name: 'participant',
      custom_participant_id: 'crm-42',
      picture: 'https://images.example.com/ada.png',
      tags: [],
      created_at: expect.stringMatching(ISO_DATE) as string,
      updated_at: expect.stringMatching(ISO_DATE) as string,
      token: expect.stringMatching(PARTICIPANT_TOKEN) as string,
      join_url: `http://localhost:3000/join/${added.token}`,
    });

    const session = await findParticipantByToken(added.token);
    expect(session?.participant.id).toBe(added.id);
    expect(session?.meeting.id).toBe(meeting.id);
    expect(session?.preset.name).toBe('participant');

    const { token: _token, join_url: _url, ...stored } = added;
    expect(await ok<ParticipantDto>(200, 'GET', `${base}/${added.id}`, { key })).toEqual(stored);
  });

  it('optional fields default to null and each participant gets a different token', async () => {
    const { key, meeting } = await hostWithMeeting();
    const a = await addParticipant(key, meeting.id, { name: 'A', preset_name: 'host' });
    const b = await addParticipant(key, meeting.id, { name: 'B', preset_name: 'host' });
    expect(a).toMatchObject({ custom_participant_id: null, picture: null, preset_name: 'host' });
    expect(a.token).not.toBe(b.token);
    expect(a.join_url).not.toBe(b.join_url);
  });

  it('the same custom_participant_id may be used again in a different meeting', async () => {
    const { key, meeting } = await hostWithMeeting();
    const other = await createMeeting(key, { title: 'Other' });
    await addParticipant(key, meeting.id, { name: 'A', preset_name: 'host', custom_participant_id: 'same' });
    const again = await addParticipant(key, other.id, {
      name: 'A',
      preset_name: 'host',
      custom_participant_id: 'same',
    });
    expect(again.custom_participant_id).toBe('same');
  });
});

describe('reading participants', () => {
  it('GET lists participants in the order they were added, a page at a time, without tokens', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const added = [];
    for (const name of ['P1', 'P2', 'P3'])
      added.push(await addParticipant(key, meeting.id, { name, preset_name: 'participant' }));

    const first = await list<ParticipantDto>(`${base}?per_page=2`, key);
    const second = await list<ParticipantDto>(`${base}?per_page=2&page_no=2`, key);
    expect(first.data.map((p) => p.name)).toEqual(['P1', 'P2']);
    expect(first.paging).toEqual({ start_offset: 1, end_offset: 2, total_count: 3 });
    expect(second.data.map((p) => p.name)).toEqual(['P3']);
    expect(second.paging).toEqual({ start_offset: 3, end_offset: 3, total_count: 3 });

    const stripped = added.map(({ token: _t, join_url: _u, ...rest }) => rest);
    expect([...first.data, ...second.data]).toEqual(stripped);
    for (const p of [...first.data, ...second.data]) {
      expect(p).not.toHaveProperty('token');
      expect(p).not.toHaveProperty('join_url');
    }
  });

  it('GET of one participant answers their fields without the token', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const added = await addParticipant(key, meeting.id, { name: 'Solo', preset_name: 'host' });
    const read = await ok<ParticipantDto>(200, 'GET', `${base}/${added.id}`, { key });
    expect(read).toMatchObject({ id: added.id, name: 'Solo', preset_name: 'host' });
    expect(Object.keys(read)).not.toContain('token');
    expect(JSON.stringify(read)).not.toContain(added.token);
  });

  it('no answer of any participant endpoint holds a token hash', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const added = await addParticipant(key, meeting.id, { name: 'Hash', preset_name: 'participant' });
    const answers = [
      added,
      await ok(200, 'GET', base, { key }),
      await ok(200, 'GET', `${base}/${added.id}`, { key }),
      await ok(200, 'PATCH', `${base}/${added.id}`, { key, body: { name: 'Hash 2' } }),
      await ok(200, 'POST', `${base}/${added.id}/token`, { key }),
      await ok(200, 'GET', '/presets', { key }),
      await ok(200, 'GET', '/meetings', { key }),
      await ok(200, 'DELETE', `${base}/${added.id}`, { key }),
    ];
    const keys = allKeys(answers);
    expect(keys).toContain('id');
    expect(keys.filter((k) => /hash/i.test(k))).toEqual([]);
  });
});

describe('changing participants', () => {
  it('PATCH changes the name and keeps the preset', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const added = await addParticipant(key, meeting.id, { name: 'Old', preset_name: 'participant' });
    const patched = await ok<ParticipantDto>(200, 'PATCH', `${base}/${added.id}`, {
      key,
      body: { name: 'New' },
    });
    expect(patched).toMatchObject({
      id: added.id,
      name: 'New',
      preset_id: added.preset_id,
      preset_name: 'participant',
    });
    expect((await ok<ParticipantDto>(200, 'GET', `${base}/${added.id}`, { key })).name).toBe('New');
  });

  it('PATCH with preset_name moves the participant to that preset, and their token now grants it', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const hostPreset = await presetByName(key, 'host');
    const added = await addParticipant(key, meeting.id, { name: 'Promoted', preset_name: 'participant' });
    const patched = await ok<ParticipantDto>(200, 'PATCH', `${base}/${added.id}`, {
      key,
      body: { preset_name: 'host' },
    });
    expect(patched).toMatchObject({ name: 'Promoted', preset_id: hostPreset.id, preset_name: 'host' });
    expect((await findParticipantByToken(added.token))?.preset.id).toBe(hostPreset.id);
    const listed = (await list<ParticipantDto>(base, key)).data.find((p) => p.id === added.id);
    expect(listed?.preset_name).toBe('host');
  });

  it('PATCH with picture null removes the picture', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const added = await addParticipant(key, meeting.id, {
      name: 'Pic',
      preset_name: 'participant',
      picture: 'http://example.com/p.jpg',
    });
    const patched = await ok<ParticipantDto>(200, 'PATCH', `${base}/${added.id}`, {
      key,
      body: { picture: null },
    });
    expect(patched.picture).toBeNull();
    expect(patched.name).toBe('Pic');
  });

  it('DELETE answers the removed participant, who is then gone and whose token no longer resolves', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const stay = await addParticipant(key, meeting.id, { name: 'Stay', preset_name: 'participant' });
    const leave = await addParticipant(key, meeting.id, { name: 'Leave', preset_name: 'participant' });
    const removed = await ok<ParticipantDto>(200, 'DELETE', `${base}/${leave.id}`, { key });
    expect(removed).toMatchObject({ id: leave.id, name: 'Leave' });
    expect(removed).not.toHaveProperty('token');

    expectRefused(await api('GET', `${base}/${leave.id}`, { key }), {
      status: 404,
      code: 'not_found:participant',
    });
    expect((await list<ParticipantDto>(base, key)).data.map((p) => p.id)).toEqual([stay.id]);
    expect(await findParticipantByToken(leave.token)).toBeUndefined();
    expect((await findParticipantByToken(stay.token))?.participant.id).toBe(stay.id);
  });

  it('POST .../token issues a new token and link; only the new token finds the participant', async () => {
    const { key, meeting, base } = await hostWithMeeting();
    const added = await addParticipant(key, meeting.id, { name: 'Rotated', preset_name: 'participant' });
    const fresh = await ok<{ id: string; token: string; join_url: string }>(
      200,
      'POST',
      `${base}/${added.id}/token`,
      {
        key,
      },
    );
    expect(fresh).toEqual({
      id: added.id,
      token: expect.stringMatching(PARTICIPANT_TOKEN) as string,
      join_url: `http://localhost:3000/join/${fresh.token}`,
    });
    expect(fresh.token).not.toBe(added.token);
    expect(await findParticipantByToken(added.token)).toBeUndefined();
    expect((await findParticipantByToken(fresh.token))?.participant.id).toBe(added.id);

    const read = await ok<ParticipantDto>(200, 'GET', `${base}/${added.id}`, { key });
    expect(read).toMatchObject({ id: added.id, name: 'Rotated', preset_name: 'participant' });
  });
});
