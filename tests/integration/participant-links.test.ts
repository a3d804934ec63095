import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { participants } from '@/db/schema';
import { generateToken, hashToken } from '@/lib/auth/tokens';
import { joinByInvite, setInvite } from '@/lib/meetings/invite';
import { findParticipantByToken, listParticipantLinks } from '@/lib/participants/service';
import { api, newHost } from '../support/api';
import {
  addParticipant,
  createMeeting,
  dbState,
  expectRefused,
  ok,
  openDatabase,
  PARTICIPANT_TOKEN,
  type ParticipantWithToken,
} from '../support/rest';

beforeAll(openDatabase);

type Link = { id: string; token: string; join_url: string };

async function hostWithMeeting() {
  const host = await newHost();
  const meeting = await createMeeting(host.key, { title: 'Class 4B' });
  return { host, meeting, base: `/meetings/${meeting.id}/participants` };
}

/** Makes a participant look like one added before links were derived: a random token, no nonce. */
async function makeLegacy(participantId: string) {
  const token = generateToken('participant');
  const d = await db();
  await d
    .update(participants)
    .set({ tokenHash: hashToken(token), linkNonce: null })
    .where(eq(participants.id, participantId));
  return token;
}

describe('reading a participant link again', () => {
  it('GET …/token answers the same token and link the add answered, and it still signs them in', async () => {
    const { host, base, meeting } = await hostWithMeeting();
    const added = await addParticipant(host.key, meeting.id, { name: 'Ada', preset_name: 'participant' });
    const read = await ok<Link>(200, 'GET', `${base}/${added.id}/token`, { key: host.key });
    expect(read).toEqual({ id: added.id, token: added.token, join_url: added.join_url });
    expect(read.token).toMatch(PARTICIPANT_TOKEN);
    expect((await findParticipantByToken(read.token))?.participant.id).toBe(added.id);
  });

  it('the database holds neither the token nor the link, only its hash and a nonce', async () => {
    const { host, meeting } = await hostWithMeeting();
    const added = await addParticipant(host.key, meeting.id, { name: 'Bea', preset_name: 'participant' });
    const d = await db();
    const [row] = await d.select().from(participants).where(eq(participants.id, added.id));
    expect(row!.tokenHash).toBe(hashToken(added.token));
    expect(row!.linkNonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const everything = await dbState();
    expect(everything).not.toContain(added.token.slice(4));
  });

  it('a new link replaces the one read before: GET answers the new one and the old one stops working', async () => {
    const { host, base, meeting } = await hostWithMeeting();
    const added = await addParticipant(host.key, meeting.id, { name: 'Cy', preset_name: 'participant' });
    const fresh = await ok<Link>(200, 'POST', `${base}/${added.id}/token`, { key: host.key });
    expect(fresh.token).not.toBe(added.token);
    expect(await ok<Link>(200, 'GET', `${base}/${added.id}/token`, { key: host.key })).toEqual(fresh);
    expect(await findParticipantByToken(added.token)).toBeUndefined();
    expect((await findParticipantByToken(fresh.token))?.participant.id).toBe(added.id);
  });

  it('a participant added before links were derived keeps a working link, which cannot be read: 409 naming what to do', async () => {
    const { host, base, meeting } = await hostWithMeeting();
    const added = await addParticipant(host.key, meeting.id, { name: 'Old', preset_name: 'participant' });
    const legacyToken = await makeLegacy(added.id);
    expect((await findParticipantByToken(legacyToken))?.participant.id).toBe(added.id);
    const before = await dbState();
    const res = await api('GET', `${base}/${added.id}/token`, { key: host.key });
    expectRefused(res, { status: 409, code: 'conflict:link_not_readable' });
    expect(res.body.error?.message).toMatch(/new link/);
    expect(await dbState()).toBe(before);
    // A new link makes it readable from then on.
    const fresh = await ok<Link>(200, 'POST', `${base}/${added.id}/token`, { key: host.key });
    expect(await ok<Link>(200, 'GET', `${base}/${added.id}/token`, { key: host.key })).toEqual(fresh);
    expect(await findParticipantByToken(legacyToken)).toBeUndefined();
  });

  it("another host's participant is not found, and the token is never in a participant's own answers", async () => {
    const { host, base, meeting } = await hostWithMeeting();
    const other = await newHost();
    const added = await addParticipant(host.key, meeting.id, { name: 'Di', preset_name: 'participant' });
    expectRefused(await api('GET', `${base}/${added.id}/token`, { key: other.key }), {
      status: 404,
      code: 'not_found:meeting',
    });
    const read = await ok<ParticipantWithToken>(200, 'GET', `${base}/${added.id}`, { key: host.key });
    expect(JSON.stringify(read)).not.toContain(added.token);
  });
});

describe('every link of a meeting', () => {
  it('lists each participant in the order added, with their current link, or null for a legacy one', async () => {
    const { host, meeting } = await hostWithMeeting();
    const a = await addParticipant(host.key, meeting.id, {
      name: 'Ada',
      preset_name: 'participant',
      custom_participant_id: 's-1',
    });
    const b = await addParticipant(host.key, meeting.id, { name: 'Old', preset_name: 'participant' });
    await makeLegacy(b.id);
    expect(await listParticipantLinks(host.id, meeting.id)).toEqual([
      { id: a.id, name: 'Ada', custom_participant_id: 's-1', join_url: a.join_url },
      { id: b.id, name: 'Old', custom_participant_id: null, join_url: null },
    ]);
  });

  it('a guest who joined by the invite link has a link the host can read too', async () => {
    const { host, meeting } = await hostWithMeeting();
    const invite = await setInvite(host.id, meeting.id, { enabled: true });
    const token = invite.url!.split('/').at(-1)!;
    const joined = await joinByInvite(meeting.id, token, 'Guest', '203.0.113.1');
    const [row] = await listParticipantLinks(host.id, meeting.id);
    expect(row).toMatchObject({ name: 'Guest', join_url: `http://localhost:3000/join/${joined.token}` });
  });
});
