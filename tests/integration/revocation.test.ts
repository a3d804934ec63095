import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys';
import { AppError } from '@/lib/errors';
import { findParticipantByToken } from '@/lib/participants/service';
import { api, newHost } from '../support/api';
import {
  addParticipant,
  createMeeting,
  createPreset,
  dbState,
  expectRefused,
  type MeetingDto,
  ok,
  openDatabase,
} from '../support/rest';

beforeAll(openDatabase);

describe('revoked API keys', () => {
  it('a revoked key answers 401 on every kind of request and nothing changes', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key);
    const preset = await createPreset(host.key, { name: 'doomed' });
    const person = await addParticipant(host.key, meeting.id, { name: 'P', preset_name: 'participant' });
    const [keyRow] = await listApiKeys(host.id);
    await revokeApiKey(host.id, keyRow!.id);

    const base = `/meetings/${meeting.id}/participants`;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', '/presets'],
      ['POST', '/presets', { name: 'new' }],
      ['DELETE', `/presets/${preset.id}`],
      ['POST', '/meetings', { title: 'New' }],
      ['PATCH', `/meetings/${meeting.id}`, { status: 'INACTIVE' }],
      ['POST', base, { name: 'Q', preset_name: 'participant' }],
      ['DELETE', `${base}/${person.id}`],
      ['POST', `${base}/${person.id}/token`],
    ];
    const before = await dbState();
    for (const [method, path, body] of attempts) {
      const res = await api(method, path, { key: host.key, ...(body === undefined ? {} : { body }) });
      expectRefused(res, { status: 401, code: 'unauthorized' });
      expect(res.body.error?.message).toMatch(/revoked/);
    }
    expect(await dbState()).toBe(before);
    expect((await findParticipantByToken(person.token))?.participant.id).toBe(person.id);
  });

  it("revoking one key leaves the host's other keys working", async () => {
    const host = await newHost();
    const second = await createApiKey(host.id, 'second');
    const first = (await listApiKeys(host.id)).find((k) => k.name === 'tests');
    const revoked = await revokeApiKey(host.id, first!.id);
    expect(revoked.revoked_at).not.toBeNull();

    expectRefused(await api('GET', '/meetings', { key: host.key }), { status: 401, code: 'unauthorized' });
    const made = await ok<MeetingDto>(201, 'POST', '/meetings', {
      key: second.key,
      body: { title: 'Still here' },
    });
    expect(made.title).toBe('Still here');
  });

  it('a key cannot be revoked twice, nor by another host', async () => {
    const owner = await newHost();
    const other = await newHost();
    const [row] = await listApiKeys(owner.id);

    await expect(revokeApiKey(other.id, row!.id)).rejects.toMatchObject({ code: 'not_found:api_key' });
    expect((await api('GET', '/presets', { key: owner.key })).status).toBe(200);

    await revokeApiKey(owner.id, row!.id);
    const again = revokeApiKey(owner.id, row!.id);
    await expect(again).rejects.toBeInstanceOf(AppError);
    await expect(again).rejects.toMatchObject({ status: 404 });
  });

  it('the answer that creates a key is the only place the key appears', async () => {
    const host = await newHost();
    const created = await createApiKey(host.id, 'shown once');
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const listed = await listApiKeys(host.id);
    expect(listed.map((k) => k.name).sort()).toEqual(['shown once', 'tests']);
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });
});

describe('revoked participant tokens', () => {
  it("a removed participant's token no longer finds anyone", async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key);
    const person = await addParticipant(host.key, meeting.id, { name: 'Gone', preset_name: 'participant' });
    expect((await findParticipantByToken(person.token))?.participant.name).toBe('Gone');

    await ok(200, 'DELETE', `/meetings/${meeting.id}/participants/${person.id}`, { key: host.key });
    expect(await findParticipantByToken(person.token)).toBeUndefined();
  });

  it('a replaced token no longer finds the participant, and neither does any earlier one', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key);
    const person = await addParticipant(host.key, meeting.id, {
      name: 'Rotating',
      preset_name: 'participant',
    });
    const path = `/meetings/${meeting.id}/participants/${person.id}/token`;
    const second = await ok<{ token: string }>(200, 'POST', path, { key: host.key });
    const third = await ok<{ token: string }>(200, 'POST', path, { key: host.key });

    expect(await findParticipantByToken(person.token)).toBeUndefined();
    expect(await findParticipantByToken(second.token)).toBeUndefined();
    expect((await findParticipantByToken(third.token))?.participant.id).toBe(person.id);
  });

  it('a participant token cannot call host endpoints: 403, and nothing changes', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key);
    const person = await addParticipant(host.key, meeting.id, { name: 'Sneaky', preset_name: 'host' });
    const before = await dbState();
    for (const [method, path, body] of [
      ['GET', '/meetings', undefined],
      ['POST', '/meetings', { title: 'x' }],
      ['POST', `/meetings/${meeting.id}/participants/${person.id}/token`, undefined],
    ] as const) {
      const res = await api(method, path, { key: person.token, ...(body ? { body } : {}) });
      expectRefused(res, { status: 403, code: 'forbidden' });
    }
    expect(await dbState()).toBe(before);
  });

  it('a removed participant token is refused as a credential with 401', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key);
    const person = await addParticipant(host.key, meeting.id, { name: 'Ex', preset_name: 'participant' });
    await ok(200, 'DELETE', `/meetings/${meeting.id}/participants/${person.id}`, { key: host.key });
    expectRefused(await api('GET', '/meetings', { key: person.token }), {
      status: 401,
      code: 'unauthorized',
    });
  });
});
