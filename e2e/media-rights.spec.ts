// Media rights are enforced by the media server and the app's webhooks, not by our page: each case uses an
// independent client (@livekit/rtc-node) with a token the app minted, and does what a custom client could.
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { BreakoutApi } from './pages/breakout';
import { createApiKey, signInHost } from './pages/host-account';
import { instrumentPage } from './pages/media-stats';
import { MeetingPage } from './pages/meeting-page';
import { RestApi } from './pages/rest-api';
import { RtcClient, rtc } from './pages/rtc-client';

const LEAVE_GRACE_MS = 4000; // lib/breakout/enforce.ts: the move's own timer fires after this
const KICKED_WITHIN_MS = 8_000; // "within a few seconds": far below the 30 s sweep

let request: APIRequestContext;
let api: RestApi;
let breakout: BreakoutApi;
const clients: RtcClient[] = [];

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = process.env.E2E_HOST_EMAIL;
  const password = process.env.E2E_HOST_PASSWORD;
  await signInHost(
    page,
    email && password
      ? { email, password, existing: true }
      : { email: `rights-${id}@example.test`, password: `pw-${id}-long-enough`, existing: false },
  );
  const key = await createApiKey(page, 'media rights');
  await context.close();
  request = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  api = new RestApi(request, key);
  breakout = new BreakoutApi(request, key);
});

test.afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.leave()));
});

test.afterAll(async () => {
  await request?.dispose();
});

async function join(participantToken: string) {
  const { url, token } = await api.mediaToken(participantToken);
  return joinWith(url, token);
}

async function joinWith(url: string, token: string) {
  const client = await RtcClient.join(url, token);
  clients.push(client);
  return client;
}

/** Waits until the media server removed this client; resolves with how long that took after `since`. */
async function expectKicked(client: RtcClient, since: number) {
  await expect
    .poll(() => client.ended?.reason, { timeout: KICKED_WITHIN_MS, intervals: [100] })
    .toBe((await rtc()).DisconnectReason.PARTICIPANT_REMOVED);
  return client.ended!.at - since;
}

const stillConnected = (client: RtcClient) => expect(client.ended, 'still connected').toBeUndefined();

test('a token kept from before a move is kicked from the old room within seconds', async () => {
  const meeting = await api.createMeeting('Kept token');
  const [room] = await breakout.createRooms(meeting.id, ['Room 1']);
  const eve = await api.addParticipant(meeting.id, 'Eve');
  const old = await api.mediaToken(eve.token);
  expect(old.room).toBe(meeting.id);

  await breakout.move(meeting.id, meeting.id, room!, [eve.id]);
  // Past the move's own removal timer: only a check of the join itself can catch this connection.
  await new Promise((r) => setTimeout(r, LEAVE_GRACE_MS + 1000));
  const joined = Date.now();
  const kept = await joinWith(old.url, old.token);
  const ms = await expectKicked(kept, joined);
  test.info().annotations.push({ type: 'kept token removed after (ms)', description: String(ms) });

  // Her token for the room she is in now works, and stays.
  const fresh = await join(eve.token);
  await new Promise((r) => setTimeout(r, 3000));
  stillConnected(fresh);
});

test("a removed participant's token is kicked", async () => {
  const meeting = await api.createMeeting('Removed');
  const gone = await api.addParticipant(meeting.id, 'Gone');
  const stays = await api.addParticipant(meeting.id, 'Stays');
  const token = await api.mediaToken(gone.token);
  await api.removeParticipant(meeting.id, gone.id);

  const control = await join(stays.token);
  const joined = Date.now();
  const removed = await joinWith(token.url, token.token);
  const ms = await expectKicked(removed, joined);
  test.info().annotations.push({ type: 'removed seat kicked after (ms)', description: String(ms) });
  stillConnected(control);
});

test('a token into an inactive meeting is kicked', async () => {
  const meeting = await api.createMeeting('Inactive');
  const seat = await api.addParticipant(meeting.id, 'Late');
  const token = await api.mediaToken(seat.token);
  await api.setMeetingStatus(meeting.id, 'INACTIVE');

  const joined = Date.now();
  const late = await joinWith(token.url, token.token);
  await expectKicked(late, joined);
});

test('a video track declared as "microphone" by a preset without video is removed for everyone', async () => {
  const lib = await rtc();
  const meeting = await api.createMeeting('Mislabelled');
  const preset = await api.createPreset(`audio-only-${Date.now().toString(36)}`, {
    media: { audio: { can_produce: 'ALLOWED' }, video: { can_produce: 'NOT_ALLOWED' } },
  });
  const cheat = await api.addParticipant(meeting.id, 'Cheat', preset.name);
  const watcher = await api.addParticipant(meeting.id, 'Watcher');
  const viewer = await join(watcher.token);
  const publisher = await join(cheat.token);

  // The media server accepts it (it checks the declared source only; before the webhook check, the
  // watcher received and decoded it)...
  await publisher.publishVideoAs(lib.TrackSource.SOURCE_MICROPHONE);
  const isVideo = (t: { kind?: number }) => t.kind === lib.TrackKind.KIND_VIDEO;
  // ...until the app saw the track_published webhook and had it taken away: the watcher has no video
  // from it (rtc-node keeps its own local publication object, so that side is not a signal).
  await expect
    .poll(() => viewer.tracksOf(cheat.id).some(isVideo), { timeout: KICKED_WITHIN_MS, intervals: [100] })
    .toBe(false);
  // The publisher is told why, and stays in the call.
  await expect
    .poll(() => publisher.attributes['breakout.media_refused'] ?? '', { timeout: 5000 })
    .toContain('A video track sent as "microphone" was removed');
  await new Promise((r) => setTimeout(r, 2000));
  expect(viewer.tracksOf(cheat.id).some(isVideo)).toBe(false);
  stillConnected(publisher);
});

test('a participant without chat rights cannot publish data; one with chat rights can', async () => {
  const meeting = await api.createMeeting('Data');
  const preset = await api.createPreset(`no-chat-${Date.now().toString(36)}`, {
    chat: { public: { can_send: false } },
  });
  const muted = await api.addParticipant(meeting.id, 'Muted', preset.name);
  const talker = await api.addParticipant(meeting.id, 'Talker');
  const listener = await api.addParticipant(meeting.id, 'Listener');
  const ear = await join(listener.token);
  const noChat = await join(muted.token);
  const withChat = await join(talker.token);

  // Both send until the one allowed to is heard, then a little longer.
  for (let i = 0; i < 20; i++) {
    await noChat.sendData(`forbidden ${i}`).catch(() => undefined);
    await withChat.sendData(`allowed ${i}`);
    if (ear.data.some((d) => d.from === talker.id) && i >= 5) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await expect.poll(() => ear.data.some((d) => d.from === talker.id), { timeout: 5000 }).toBe(true);
  await new Promise((r) => setTimeout(r, 1000));
  expect(ear.data.filter((d) => d.from === muted.id)).toEqual([]);
});

test('the page says why the media server took its track away', async ({ browser }) => {
  const meeting = await api.createMeeting('Told why');
  const seat = await api.addParticipant(meeting.id, 'Mallory');
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(instrumentPage); // exposes the page's Room as window.__breakout
  try {
    const mallory = new MeetingPage(await context.newPage(), 'Mallory');
    await mallory.open(seat.join_url);
    await mallory.join();
    // The page's own Room, used as a custom client would: a canvas video track declared as "microphone".
    await mallory.page.evaluate(() => {
      const room = window.__breakout!.room!;
      const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
      const paint = () => {
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = `hsl(${Date.now() % 360} 60% 50%)`;
        ctx.fillRect(0, 0, 64, 48);
      };
      setInterval(paint, 100);
      const [track] = canvas.captureStream(10).getVideoTracks();
      void room.localParticipant
        .publishTrack(track!, { source: 'microphone' as never })
        .catch(() => undefined);
    });
    await expect(
      mallory.page.getByRole('alert').filter({ hasText: 'sent as "microphone" was removed' }),
    ).toBeVisible({
      timeout: KICKED_WITHIN_MS,
    });
  } finally {
    await context.close();
  }
});
