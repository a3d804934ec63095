// Rate limits and caps, counted in the shared database (lib/limits/). Each test uses its own addresses
// and credentials, so the counters of one test never touch another's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as openJoinLink } from '@/app/join/[token]/route';
import { RateLimitedError } from '@/lib/errors';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import { eventsResponse } from '@/lib/events/sse';
import { verifyHostPassword } from '@/lib/hosts/service';
import { installPeerAddress, PEER_HEADER } from '@/lib/limits/client-ip';
import { RATE_LIMITS, STREAMS_PER_CREDENTIAL } from '@/lib/limits/policy';
import { withinSignInLimits } from '@/lib/limits/sign-in';
import { getInvite, joinByInvite, setInvite } from '@/lib/meetings/invite';
import { api, newHost, snapshot } from '../support/api';
import { addParticipant, createMeeting, openDatabase } from '../support/rest';

beforeAll(async () => {
  await openDatabase();
  // This process serves no HTTP; the peer header in these requests stands for the socket's address.
  installPeerAddress();
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: 'testkey',
    LIVEKIT_API_SECRET: 'test-media-secret-0123456789abcdefghij',
  });
  resetEnvCache();
});

// The event streams opened below start this process's LISTEN connection.
afterAll(closeBus);

let nextAddress = 0;
/** An address of its own for each test (TEST-NET-2), so per-IP counters start at zero. */
const freshIp = () => `198.51.100.${++nextAddress}-${Math.random().toString(36).slice(2, 6)}`;

const cookieFor = (meetingId: string, token: string) => `bp_${meetingId.replace(/-/g, '')}=${token}`;

describe('password sign-in limits', () => {
  it('40 wrong passwords from one address at once: 30 are checked, the rest are refused before hashing', async () => {
    const ip = freshIp();
    let checked = 0;
    const attempts = Array.from({ length: 40 }, (_, i) =>
      withinSignInLimits(ip, `nobody${i}-${ip}@example.test`, () => {
        checked += 1;
        return verifyHostPassword(`nobody${i}-${ip}@example.test`, 'wrong password');
      }).then(
        (host) => ({ ok: true as const, host }),
        (err: unknown) => ({ ok: false as const, err }),
      ),
    );
    const results = await Promise.all(attempts);
    const refused = results.filter((r) => !r.ok);
    expect(checked).toBe(RATE_LIMITS.signInPerIp.max);
    expect(refused).toHaveLength(40 - RATE_LIMITS.signInPerIp.max);
    for (const r of refused) {
      const err = (r as { err: unknown }).err;
      expect(err).toBeInstanceOf(RateLimitedError);
      expect(err).toMatchObject({ code: 'rate_limited:sign_in_per_ip', status: 429 });
      expect((err as RateLimitedError).retryAfter).toBeGreaterThan(0);
      expect((err as RateLimitedError).message).toMatch(/Try again in \d+ (minute|second)s?\./);
    }
  }, 60_000);

  it('one account gets 10 tries; the 11th is refused from any address, and its right password too', async () => {
    const host = await newHost();
    for (let i = 0; i < RATE_LIMITS.signInPerAccount.max; i++) {
      expect(
        await withinSignInLimits(freshIp(), host.email, () => verifyHostPassword(host.email, 'wrong')),
      ).toBeUndefined();
    }
    await expect(
      withinSignInLimits(freshIp(), host.email, () =>
        verifyHostPassword(host.email, 'correct horse battery'),
      ),
    ).rejects.toMatchObject({ code: 'rate_limited:sign_in_per_account' });
  });

  it('right passwords give their count back: 35 teachers sign in from one school address', async () => {
    const ip = freshIp();
    const hosts = await Promise.all(Array.from({ length: RATE_LIMITS.signInPerIp.max + 5 }, () => newHost()));
    for (const host of hosts) {
      const signedIn = await withinSignInLimits(ip, host.email, () =>
        verifyHostPassword(host.email, 'correct horse battery'),
      );
      expect(signedIn?.id).toBe(host.id);
    }
  }, 120_000);
});

describe('personal join links', () => {
  it('a class of 100 opens 100 personal links from one address within a minute, and all get in', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Class' });
    const seats = [];
    for (let i = 0; i < 100; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) =>
        addParticipant(host.key, meeting.id, { name: `Pupil ${i + j}`, preset_name: 'participant' }),
      );
      seats.push(...(await Promise.all(batch)));
    }
    const ip = freshIp();
    const answers = await Promise.all(
      seats.map((s) =>
        openJoinLink(new Request(s.join_url, { headers: { [PEER_HEADER]: ip } }), {
          params: Promise.resolve({ token: s.token }),
        }),
      ),
    );
    for (const res of answers) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/m/${meeting.id}`);
    }
  }, 120_000);

  it('one link opened over and over is sent to a page that says to wait', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Class' });
    const seat = await addParticipant(host.key, meeting.id, { name: 'Loop', preset_name: 'participant' });
    const open = () =>
      openJoinLink(new Request(seat.join_url), { params: Promise.resolve({ token: seat.token }) });
    // The windows are fixed (a minute from each whole minute): the opens begin early in one, so on a busy
    // machine they do not run into the next (which would count afresh).
    await startOfWindow(RATE_LIMITS.joinLinkPerCredential.windowSeconds);
    for (let i = 0; i < RATE_LIMITS.joinLinkPerCredential.max; i++) expect((await open()).status).toBe(303);
    const res = await open();
    expect(res.headers.get('location')).toBe('/link-error?reason=rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000);
});

describe('media tokens and polls, per credential', () => {
  it('a participant asking for media tokens in a loop gets a 429 with Retry-After in the envelope', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Media' });
    const seat = await addParticipant(host.key, meeting.id, { name: 'Ada', preset_name: 'participant' });
    const ask = () =>
      api('POST', '/livekit/token', {
        body: { meeting_id: meeting.id },
        headers: { cookie: cookieFor(meeting.id, seat.token), origin: 'http://localhost:3000' },
      });
    for (let i = 0; i < RATE_LIMITS.mediaTokenPerCredential.max; i++) expect((await ask()).status).toBe(200);
    const res = await ask();
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({
      success: false,
      error: { code: 'rate_limited:media_token_per_credential' },
    });
    expect(res.body.error?.message).toMatch(/Too many media token requests\. Try again in/);
  });

  it('the 429 carries Retry-After, and other participants are not affected', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Polls' });
    const [a, b] = [
      await addParticipant(host.key, meeting.id, { name: 'A', preset_name: 'host' }),
      await addParticipant(host.key, meeting.id, { name: 'B', preset_name: 'host' }),
    ];
    const poll = (token: string, i: number) =>
      fetchRouter(`/meetings/${meeting.id}/polls`, token, { question: `Q${i}?`, options: ['yes', 'no'] });
    for (let i = 0; i < RATE_LIMITS.pollCreatePerCredential.max; i++)
      expect((await poll(a.token, i)).status).toBe(201);
    const limited = await poll(a.token, 99);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe(
      'rate_limited:poll_create_per_credential',
    );
    expect((await poll(b.token, 1)).status).toBe(201);
  });
});

async function fetchRouter(path: string, token: string, body: unknown) {
  const { createRouter } = await import('@/lib/api/router');
  const { endpoints } = await import('@/lib/api/endpoints');
  return createRouter(endpoints)(
    new Request(`http://localhost:3000/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

describe('invite link guest cap', () => {
  it('a meeting allows 100 guests by default, shown with the link', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Open day' });
    const invite = await setInvite(host.id, meeting.id, { enabled: true });
    expect(invite).toMatchObject({ guest_limit: 100, guests: 0 });
  });

  it('past the meeting own cap, the link turns guests away with a message and adds nobody', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Small group' });
    const invite = await setInvite(host.id, meeting.id, { enabled: true, guest_limit: 3 });
    const token = invite.url!.split('/').at(-1)!;
    const ip = freshIp();
    const joins = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => joinByInvite(meeting.id, token, `Guest ${i}`, ip)),
    );
    expect(joins.filter((j) => j.status === 'fulfilled')).toHaveLength(3);
    for (const j of joins.filter((j) => j.status === 'rejected')) {
      expect(j.reason).toMatchObject({
        code: 'forbidden:invite_full',
        message: expect.stringMatching(/full \(3 guests\)\. Ask the host/),
      });
    }
    expect(await getInvite(host.id, meeting.id)).toMatchObject({ guest_limit: 3, guests: 3 });
    const before = await snapshot();
    await expect(joinByInvite(meeting.id, token, 'Late', ip)).rejects.toMatchObject({ status: 403 });
    expect(await snapshot()).toEqual(before);
    // The host raises the cap: the next guest gets in.
    await setInvite(host.id, meeting.id, { enabled: true, guest_limit: 4 });
    await expect(joinByInvite(meeting.id, token, 'Now', ip)).resolves.toMatchObject({
      meetingId: meeting.id,
    });
  });

  it('a whole class of 100 joins one invite link from one school address', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Assembly' });
    const token = (await setInvite(host.id, meeting.id, { enabled: true })).url!.split('/').at(-1)!;
    const ip = freshIp();
    for (let i = 0; i < 100; i++) await joinByInvite(meeting.id, token, `Pupil ${i}`, ip);
    await expect(joinByInvite(meeting.id, token, 'One too many', ip)).rejects.toMatchObject({
      code: 'forbidden:invite_full',
    });
  }, 120_000);
});

describe('event streams per credential', () => {
  it(`one participant token holds at most ${STREAMS_PER_CREDENTIAL.participant} streams; closing one frees a place`, async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.key, { title: 'Streams' });
    const seat = await addParticipant(host.key, meeting.id, { name: 'Tabs', preset_name: 'participant' });
    const open = () => {
      const aborted = new AbortController();
      const request = new Request(`http://localhost:3000/api/v1/meetings/${meeting.id}/events`, {
        headers: { authorization: `Bearer ${seat.token}` },
        signal: aborted.signal,
      });
      return eventsResponse(request, meeting.id).then((res) => ({ res, close: () => aborted.abort() }));
    };
    const streams = [];
    for (let i = 0; i < STREAMS_PER_CREDENTIAL.participant; i++) {
      const s = await open();
      expect(s.res.status).toBe(200);
      streams.push(s);
    }
    const refused = await open();
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.res.json()) as { success: boolean; error: { code: string; message: string } };
    expect(body.success).toBe(false);
    expect(body.error.code).toBe('rate_limited:streams');
    expect(body.error.message).toMatch(/Close another tab/);

    streams.pop()!.close();
    await expect
      .poll(
        async () => {
          const again = await open();
          again.close();
          return again.res.status;
        },
        { timeout: 10_000 },
      )
      .toBe(200);
    for (const s of streams) s.close();
  });
});

/** Waits for the next window when less than a third of the current one is left. */
async function startOfWindow(seconds: number) {
  const left = seconds * 1000 - (Date.now() % (seconds * 1000));
  if (left < (seconds * 1000) / 3) await new Promise((r) => setTimeout(r, left + 50));
}
