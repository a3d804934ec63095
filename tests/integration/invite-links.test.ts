import { beforeAll, describe, expect, it } from 'vitest';
import { checkInvite, getInvite, joinByInvite, setInvite } from '@/lib/meetings/invite';
import { findParticipantByToken } from '@/lib/participants/service';
import { newHost } from '../support/api';
import {
  createMeeting,
  dbState,
  list,
  ok,
  openDatabase,
  PARTICIPANT_TOKEN,
  type ParticipantDto,
  presetByName,
} from '../support/rest';

beforeAll(openDatabase);

const INVITE_URL = /^http:\/\/localhost:3000\/invite\/([0-9a-f-]{36})\/([A-Za-z0-9_-]+)$/;

/** The meeting id and token inside an invite URL. */
function parts(url: string | null) {
  const m = INVITE_URL.exec(url ?? '');
  if (!m) throw new Error(`not an invite URL: ${url}`);
  return { meetingId: m[1]!, token: m[2]! };
}

async function hostWithMeeting(status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE') {
  const host = await newHost();
  const meeting = await createMeeting(host.key, { title: 'Town hall', status });
  return { host, meeting };
}

describe('invite links', () => {
  it('a meeting has no invite link until the host turns it on', async () => {
    const { host, meeting } = await hostWithMeeting();
    expect(await getInvite(host.id, meeting.id)).toEqual({
      enabled: false,
      preset_name: null,
      url: null,
      guest_limit: 100,
      guests: 0,
    });
  });

  it('turning the link on gives an absolute URL for this meeting, bound to the participant preset by default', async () => {
    const { host, meeting } = await hostWithMeeting();
    const invite = await setInvite(host.id, meeting.id, { enabled: true });
    expect(invite).toMatchObject({ enabled: true, preset_name: 'participant' });
    expect(parts(invite.url).meetingId).toBe(meeting.id);
    expect(await getInvite(host.id, meeting.id)).toEqual(invite);
  });

  it("the link's token checks out for its meeting and for no other meeting", async () => {
    const { host, meeting } = await hostWithMeeting();
    const other = await createMeeting(host.key, { title: 'Other' });
    await setInvite(host.id, other.id, { enabled: true });
    const { token } = parts((await setInvite(host.id, meeting.id, { enabled: true })).url);

    const check = await checkInvite(meeting.id, token);
    expect(check.ok).toBe(true);
    expect(check.ok && check.meeting.id).toBe(meeting.id);
    expect(await checkInvite(other.id, token)).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkInvite(meeting.id, `${token}x`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkInvite('not-a-uuid', token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it("joining by the link creates a participant with the link's preset, whose token signs them in", async () => {
    const { host, meeting } = await hostWithMeeting();
    const hostPreset = await presetByName(host.key, 'host');
    const { token } = parts(
      (await setInvite(host.id, meeting.id, { enabled: true, preset_name: 'host' })).url,
    );

    const joined = await joinByInvite(meeting.id, token, 'Walk-in guest', '203.0.113.1');
    expect(joined.meetingId).toBe(meeting.id);
    expect(joined.token).toMatch(PARTICIPANT_TOKEN);

    const session = await findParticipantByToken(joined.token);
    expect(session?.participant).toMatchObject({
      name: 'Walk-in guest',
      meetingId: meeting.id,
      presetId: hostPreset.id,
    });
    const people = await list<ParticipantDto>(`/meetings/${meeting.id}/participants`, host.key);
    expect(people.data.map((p) => [p.name, p.preset_name])).toEqual([['Walk-in guest', 'host']]);
  });

  it('turning the link on again keeps the same URL, so the host can show it again', async () => {
    const { host, meeting } = await hostWithMeeting();
    const first = await setInvite(host.id, meeting.id, { enabled: true });
    const again = await setInvite(host.id, meeting.id, { enabled: true, preset_name: 'host' });
    expect(again.url).toBe(first.url);
    expect(again.preset_name).toBe('host');
  });

  it('regenerating the link makes a new URL and the old token stops working', async () => {
    const { host, meeting } = await hostWithMeeting();
    const old = parts((await setInvite(host.id, meeting.id, { enabled: true })).url);
    const fresh = parts((await setInvite(host.id, meeting.id, { enabled: true, regenerate: true })).url);

    expect(fresh.token).not.toBe(old.token);
    expect(await checkInvite(meeting.id, old.token)).toEqual({ ok: false, reason: 'invalid' });
    expect((await checkInvite(meeting.id, fresh.token)).ok).toBe(true);
    await expect(joinByInvite(meeting.id, old.token, 'Late', '203.0.113.1')).rejects.toMatchObject({
      code: 'not_found:invite',
      status: 404,
    });
  });

  it('turning the link off makes its token invalid, and turning it on again does not revive it', async () => {
    const { host, meeting } = await hostWithMeeting();
    const { token } = parts((await setInvite(host.id, meeting.id, { enabled: true })).url);
    expect(await setInvite(host.id, meeting.id, { enabled: false })).toEqual({
      enabled: false,
      preset_name: null,
      url: null,
      guest_limit: 100,
      guests: 0,
    });
    expect(await checkInvite(meeting.id, token)).toEqual({ ok: false, reason: 'invalid' });

    const revived = parts((await setInvite(host.id, meeting.id, { enabled: true })).url);
    expect(revived.token).not.toBe(token);
    expect(await checkInvite(meeting.id, token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it("an INACTIVE meeting's link answers 'inactive' and nobody can join by it", async () => {
    const { host, meeting } = await hostWithMeeting();
    const { token } = parts((await setInvite(host.id, meeting.id, { enabled: true })).url);
    await ok(200, 'PATCH', `/meetings/${meeting.id}`, { key: host.key, body: { status: 'INACTIVE' } });

    expect(await checkInvite(meeting.id, token)).toEqual({ ok: false, reason: 'inactive' });
    const before = await dbState();
    await expect(joinByInvite(meeting.id, token, 'Too late', '203.0.113.1')).rejects.toMatchObject({
      code: 'forbidden:meeting_inactive',
      status: 403,
    });
    expect(await dbState()).toBe(before);
  });

  it('a link cannot be bound to a preset the host does not have, nor set by another host', async () => {
    const { host, meeting } = await hostWithMeeting();
    const stranger = await newHost();
    const before = await dbState();
    await expect(
      setInvite(host.id, meeting.id, { enabled: true, preset_name: 'ghost' }),
    ).rejects.toMatchObject({
      code: 'invalid:preset_name',
      field: 'preset_name',
    });
    await expect(setInvite(stranger.id, meeting.id, { enabled: true })).rejects.toMatchObject({
      code: 'not_found:meeting',
    });
    expect(await dbState()).toBe(before);
  });
});
