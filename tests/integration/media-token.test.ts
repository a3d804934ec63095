import { eq } from 'drizzle-orm';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { meetings, participants, presence, webhookEvents } from '@/db/schema';
import { resetEnvCache } from '@/lib/env';
import { api, newHost } from '../support/api';

const KEY = 'testkey';
const SECRET = 'test-media-secret-0123456789abcdefghij';

beforeAll(() => {
  // A closed loopback port: token minting and webhook checks need no running media server.
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  });
  resetEnvCache();
});

async function meetingWithPeople(names: string[], preset = 'participant') {
  const host = await newHost();
  const meeting = (await api('POST', '/meetings', { key: host.key, body: { title: 'Media' } })).body.data;
  const people = [];
  for (const name of names) {
    const p = await api('POST', `/meetings/${meeting.id}/participants`, {
      key: host.key,
      body: { name, preset_name: preset },
    });
    people.push(p.body.data);
  }
  return { host, meeting, people };
}

// The page's own calls come from the app's origin (cookie callers must, see lib/api/cross-site.ts).
const APP_ORIGIN = 'http://localhost:3000';
const cookieFor = (meetingId: string, token: string) => `bp_${meetingId.replace(/-/g, '')}=${token}`;
const verify = (jwt: string) => new TokenVerifier(KEY, SECRET).verify(jwt);

describe('media token endpoint', () => {
  it('without a cookie or token answers 401', async () => {
    const res = await api('POST', '/livekit/token', { body: {} });
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('unauthorized');
  });

  it('grants the participant exactly the room of the meeting they are in, with their identity and preset', async () => {
    const { meeting, people } = await meetingWithPeople(['Ada']);
    const res = await api('POST', '/livekit/token', {
      body: { meeting_id: meeting.id },
      headers: { cookie: cookieFor(meeting.id, people[0].token), origin: APP_ORIGIN },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.room).toBe(meeting.id);
    expect(res.body.data.url).toBe('ws://127.0.0.1:9');
    const claims = await verify(res.body.data.token);
    expect(claims.sub).toBe(people[0].id);
    expect(claims.name).toBe('Ada');
    expect(JSON.parse(claims.metadata!)).toMatchObject({ preset_name: 'participant' });
    expect(claims.video).toMatchObject({
      room: meeting.id,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
    });
    const lifetime = claims.exp! - claims.nbf!;
    expect(lifetime).toBeGreaterThan(60);
    expect(lifetime).toBeLessThanOrEqual(15 * 60);
  });

  it('names LIVEKIT_PUBLIC_URL as the address when the browsers reach the media server elsewhere', async () => {
    const { meeting, people } = await meetingWithPeople(['Ada']);
    process.env.LIVEKIT_PUBLIC_URL = 'wss://media.example.test';
    resetEnvCache();
    try {
      const res = await api('POST', '/livekit/token', {
        body: { meeting_id: meeting.id },
        headers: { cookie: cookieFor(meeting.id, people[0].token), origin: APP_ORIGIN },
      });
      expect(res.status).toBe(200);
      expect(res.body.data.url).toBe('wss://media.example.test');
      expect((await verify(res.body.data.token)).video?.room).toBe(meeting.id);
    } finally {
      delete process.env.LIVEKIT_PUBLIC_URL;
      resetEnvCache();
    }
  });

  it('follows the participant when the server moves them to another room', async () => {
    const { host, meeting, people } = await meetingWithPeople(['Ada']);
    const d = await db();
    const [room] = await d
      .insert(meetings)
      .values({ hostId: host.id, parentMeetingId: meeting.id, title: 'Room 1', roomStatus: 'open' })
      .returning();
    await d.update(participants).set({ currentMeetingId: room!.id }).where(eq(participants.id, people[0].id));
    const res = await api('POST', '/livekit/token', {
      headers: { authorization: `Bearer ${people[0].token}` },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.room).toBe(room!.id);
    expect((await verify(res.body.data.token)).video?.room).toBe(room!.id);
  });

  it("cannot be used for another meeting's room: a cookie only speaks for its own meeting", async () => {
    const a = await meetingWithPeople(['Ada']);
    const b = await meetingWithPeople(['Bob']);
    const res = await api('POST', '/livekit/token', {
      body: { meeting_id: b.meeting.id },
      headers: { cookie: cookieFor(b.meeting.id, a.people[0].token), origin: APP_ORIGIN },
    });
    expect(res.status).toBe(401);
    // Bob's own cookie for A's meeting finds nothing to speak for either.
    const res2 = await api('POST', '/livekit/token', {
      body: { meeting_id: a.meeting.id },
      headers: { cookie: cookieFor(b.meeting.id, b.people[0].token), origin: APP_ORIGIN },
    });
    expect(res2.status).toBe(401);
  });

  it('a removed participant, or one whose link was replaced, gets 401', async () => {
    const { host, meeting, people } = await meetingWithPeople(['Ada', 'Bob']);
    await api('DELETE', `/meetings/${meeting.id}/participants/${people[0].id}`, { key: host.key });
    await api('POST', `/meetings/${meeting.id}/participants/${people[1].id}/token`, { key: host.key });
    for (const p of people) {
      const res = await api('POST', '/livekit/token', {
        body: { meeting_id: meeting.id },
        headers: { cookie: cookieFor(meeting.id, p.token), origin: APP_ORIGIN },
      });
      expect(res.status).toBe(401);
    }
  });

  it('a preset without video yields a grant without the camera', async () => {
    const { host, meeting } = await meetingWithPeople([]);
    await api('POST', '/presets', {
      key: host.key,
      body: { name: 'audio only', permissions: { media: { video: { can_produce: 'NOT_ALLOWED' } } } },
    });
    const p = await api('POST', `/meetings/${meeting.id}/participants`, {
      key: host.key,
      body: { name: 'Cy', preset_name: 'audio only' },
    });
    const res = await api('POST', '/livekit/token', {
      headers: { authorization: `Bearer ${p.body.data.token}` },
    });
    const grant = (await verify(res.body.data.token)).video!;
    expect(grant.canPublishSources).toEqual(['microphone']);
  });

  it('an inactive meeting gets no token', async () => {
    const { host, meeting, people } = await meetingWithPeople(['Ada']);
    await api('PATCH', `/meetings/${meeting.id}`, { key: host.key, body: { status: 'INACTIVE' } });
    const res = await api('POST', '/livekit/token', {
      headers: { authorization: `Bearer ${people[0].token}` },
    });
    expect(res.status).toBe(403);
  });

  it('an API key is not a participant', async () => {
    const { host } = await meetingWithPeople([]);
    const res = await api('POST', '/livekit/token', { key: host.key, body: {} });
    expect(res.status).toBe(403);
  });
});

// ---- webhooks ----

const { POST: webhook } = await import('@/app/api/livekit/webhook/route');

async function deliver(event: Record<string, unknown>, secret = SECRET) {
  const body = JSON.stringify(event);
  const at = new AccessToken(KEY, secret);
  at.sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))).toString(
    'base64',
  );
  const res = await webhook(
    new Request('http://localhost/api/livekit/webhook', {
      method: 'POST',
      headers: { authorization: await at.toJwt(), 'content-type': 'application/webhook+json' },
      body,
    }),
  );
  return {
    status: res.status,
    body: (await res.json()) as { success: boolean; data?: { applied: boolean; duplicate: boolean } },
  };
}

const joined = (id: string, room: string, participant: string, createdAt: number) => ({
  id,
  event: 'participant_joined',
  room: { name: room, sid: 'RM_1' },
  participant: { identity: participant, sid: `PA_${id}` },
  createdAt: String(createdAt),
});
const left = (id: string, room: string, participant: string, createdAt: number) => ({
  ...joined(id, room, participant, createdAt),
  event: 'participant_left',
});

describe('media webhooks', () => {
  it('a bad signature answers 401 and records nothing', async () => {
    const { meeting, people } = await meetingWithPeople(['Ada']);
    const res = await deliver(
      joined('EV_bad', meeting.id, people[0].id, 1000),
      'another-secret-of-enough-length-1234',
    );
    expect(res.status).toBe(401);
    const d = await db();
    expect(await d.select().from(webhookEvents).where(eq(webhookEvents.id, 'EV_bad'))).toEqual([]);
    expect(await d.select().from(presence).where(eq(presence.participantId, people[0].id))).toEqual([]);
  });

  it('a signed delivery holding text the database cannot store is a 400 naming it, and records nothing', async () => {
    const { meeting, people } = await meetingWithPeople(['Ada']);
    const d = await db();
    for (const [event, where] of [
      [{ ...joined('EV_\u0000', meeting.id, people[0].id, 1000) }, 'webhook.id'],
      [
        {
          ...joined('EV_nul_identity', meeting.id, people[0].id, 1000),
          participant: { identity: 'a\uD800' },
        },
        'ParticipantInfo.identity',
      ],
    ] as const) {
      const res = await deliver(event);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(where);
    }
    expect(await d.select().from(webhookEvents).where(eq(webhookEvents.id, 'EV_nul_identity'))).toEqual([]);
    expect(await d.select().from(presence).where(eq(presence.participantId, people[0].id))).toEqual([]);
  });

  it('records who is connected; the same delivery twice is recorded once', async () => {
    const { meeting, people } = await meetingWithPeople(['Ada']);
    const first = await deliver(joined('EV_1', meeting.id, people[0].id, 1000));
    const again = await deliver(joined('EV_1', meeting.id, people[0].id, 1000));
    expect(first.body.data).toEqual({ applied: true, duplicate: false });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ applied: false, duplicate: true });
    const d = await db();
    expect(await d.select().from(webhookEvents).where(eq(webhookEvents.id, 'EV_1'))).toHaveLength(1);
    const rows = await d.select().from(presence).where(eq(presence.participantId, people[0].id));
    expect(rows).toMatchObject([{ room: meeting.id, connected: true }]);
  });

  it('a late, older event does not undo a newer one', async () => {
    const { meeting, people } = await meetingWithPeople(['Ada']);
    await deliver(left('EV_l', meeting.id, people[0].id, 2000));
    await deliver(joined('EV_j', meeting.id, people[0].id, 1000));
    const d = await db();
    const rows = await d.select().from(presence).where(eq(presence.participantId, people[0].id));
    expect(rows).toMatchObject([{ connected: false }]);
  });

  it('an identity that is not a participant of ours is acknowledged and ignored', async () => {
    const res = await deliver(joined('EV_x', 'some-room', 'not-a-uuid', 1000));
    expect(res.status).toBe(200);
    expect(res.body.data?.applied).toBe(false);
  });
});
