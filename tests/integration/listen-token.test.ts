import { TokenVerifier } from 'livekit-server-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { listenerKey, listenerSeats } from '@/lib/livekit/listen';
import { judgeListener } from '@/lib/livekit/admission';
import { parseListenerIdentity } from '@/lib/livekit/listener';
import { api, asCookie, asSeat, family, newHost, type Seat } from '../support/breakout';
import { createPreset, ok, type RequestOptions } from '../support/rest';

const KEY = 'testkey';
const SECRET = 'test-media-secret-0123456789abcdefghij';
const verify = (jwt: string) => new TokenVerifier(KEY, SECRET).verify(jwt);

beforeAll(() => {
  // A closed loopback port: minting needs no running media server.
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  });
  resetEnvCache();
});

const listen = (meetingId: string, as: RequestOptions, mode?: 'listen' | 'observe') =>
  api('POST', `/meetings/${meetingId}/listen-token`, { ...as, body: mode ? { mode } : {} });

async function setUp() {
  const host = await newHost();
  await createPreset(host.key, {
    name: 'co-host',
    permissions: { connected_meetings: { can_alter_connected_meetings: true } },
  });
  const f = await family(host, { Ada: 'participant', Cole: 'co-host' }, 2);
  return { host, f };
}

describe('listening tokens', () => {
  it('are minted for the owner and a co-host preset, hidden and receive-only, for one room, briefly', async () => {
    const { host, f } = await setUp();
    const cole: Seat = f.seats.Cole!;
    for (const [who, as, principal] of [
      ['owner', { key: host.key }, { kind: 'host', id: host.id }],
      ['co-host by token', asSeat(cole), { kind: 'participant', id: cole.id }],
      ['co-host by cookie', asCookie(f.meetingId, cole), { kind: 'participant', id: cole.id }],
    ] as const) {
      const res = await listen(f.rooms[1]!, as);
      expect(res.status, who).toBe(201);
      const claims = await verify(res.body.data.token);
      expect(claims.video, who).toMatchObject({
        room: f.rooms[1],
        roomJoin: true,
        canSubscribe: true,
        canPublish: false,
        canPublishData: false,
        hidden: true,
      });
      expect(claims.video?.canPublishSources ?? [], who).toEqual([]);
      // Its own identity: the caller's seat in the main meeting is not pushed out.
      expect(claims.sub, who).toBe(res.body.data.identity);
      expect(claims.sub, who).not.toBe(cole.id);
      expect(parseListenerIdentity(claims.sub!), who).toEqual({ mode: 'listen', ...principal });
      const lifetime = claims.exp! - claims.nbf!;
      expect(lifetime, who).toBeGreaterThanOrEqual(60);
      expect(lifetime, who).toBeLessThanOrEqual(120);
    }
    const observe = await listen(f.meetingId, { key: host.key }, 'observe');
    expect(observe.status).toBe(201);
    expect(parseListenerIdentity(observe.body.data.identity)?.mode).toBe('observe');
    expect((await verify(observe.body.data.token)).video).toMatchObject({
      room: f.meetingId,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      hidden: true,
    });
  });

  it('are refused to participants, other meetings, other hosts and inactive meetings, naming why', async () => {
    const { host, f } = await setUp();
    const other = await setUp();
    const cases: Array<[string, string, RequestOptions, number, string]> = [
      [
        'a participant preset',
        f.rooms[0]!,
        asSeat(f.seats.Ada!),
        403,
        'forbidden:can_alter_connected_meetings',
      ],
      ['a co-host of another meeting', other.f.rooms[0]!, asSeat(f.seats.Cole!), 404, 'not_found:meeting'],
      ["another host's meeting", other.f.rooms[0]!, { key: host.key }, 404, 'not_found:meeting'],
    ];
    for (const [what, room, as, status, code] of cases) {
      const res = await listen(room, as);
      expect(res.status, what).toBe(status);
      expect(res.body.error?.code, what).toBe(code);
    }
    const bad = await listen(f.rooms[0]!, { key: host.key }, 'shout' as 'listen');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.field).toBe('mode');
    await ok(200, 'PATCH', `/meetings/${f.meetingId}`, { key: host.key, body: { status: 'INACTIVE' } });
    for (const as of [{ key: host.key }, asSeat(f.seats.Cole!)]) {
      const res = await listen(f.rooms[0]!, as);
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('forbidden:meeting_inactive');
    }
  });

  it('open a connection the media checks keep while allowed and remove once the right is gone', async () => {
    const { host, f } = await setUp();
    const res = await listen(f.rooms[0]!, asSeat(f.seats.Cole!));
    const conn = { room: f.rooms[0]!, identity: res.body.data.identity as string };
    const judge = async () => judgeListener((await listenerSeats([conn])).get(listenerKey(conn))).admit;
    expect(await judge()).toBe(true);
    // Cole's preset is changed to one without host powers: the same connection is no longer allowed.
    await ok(200, 'PATCH', `/meetings/${f.meetingId}/participants/${f.seats.Cole!.id}`, {
      key: host.key,
      body: { preset_name: 'participant' },
    });
    expect(await judge()).toBe(false);
    // The owner's listener is refused in another host's room even with a well-formed identity.
    const mine = await listen(f.rooms[0]!, { key: host.key });
    const other = await setUp();
    const moved = { room: other.f.rooms[0]!, identity: mine.body.data.identity as string };
    expect(judgeListener((await listenerSeats([moved])).get(listenerKey(moved))).admit).toBe(false);
  });
});
