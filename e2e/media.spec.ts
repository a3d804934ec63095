import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request as playwrightRequest, type Browser, type BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { createApiKey, signInHost } from './pages/host-account';
import { inboundByName, instrumentPage, outboundBytes, type InboundByName } from './pages/media-stats';
import { MeetingPage } from './pages/meeting-page';
import { RestApi } from './pages/rest-api';

// Real LiveKit, real Chromium with its fake camera and microphone, one browser context per person. Media
// is asserted from RTCPeerConnection.getStats() only; the DOM is used for what a person sees.

test.describe.configure({ mode: 'serial' });

let api: RestApi;
let hostState: string;
const contexts: BrowserContext[] = [];

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInHost(page, hostAccount);
  const key = await createApiKey(page);
  hostState = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-media-')), 'host.json');
  await context.storageState({ path: hostState });
  await context.close();
  const request = await playwrightRequest.newContext({ baseURL: testInfo.project.use.baseURL });
  api = new RestApi(request, key);
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** A browser context for one person, instrumented; the host's is signed in to the dashboard. */
async function openPerson(browser: Browser, name: string, signedInHost = false): Promise<MeetingPage> {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
    storageState: signedInHost ? hostState : undefined,
  });
  contexts.push(context);
  await context.addInitScript(instrumentPage);
  return new MeetingPage(await context.newPage(), name);
}

/** The host opens the meeting from the dashboard and joins it with their own seat. */
async function hostJoins(browser: Browser, meetingId: string) {
  const host = await openPerson(browser, 'Hana Host', true);
  await host.page.goto(`/dashboard/meetings/${meetingId}`);
  await host.page.getByRole('button', { name: 'Join meeting' }).click();
  await expect(host.page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
  await host.join();
  return host;
}

async function participantJoins(browser: Browser, meetingId: string, name: string, preset?: string) {
  const seat = await api.addParticipant(meetingId, name, preset);
  const person = await openPerson(browser, name);
  await person.open(seat.join_url);
  // Remembered from the init script's localStorage: these tests send Low video to spare the machine.
  await expect(person.page.getByRole('radio', { name: /^Low/ })).toBeChecked();
  await person.join();
  return { person, seat };
}

/**
 * Waits until this page has received media from every one of `names` and it keeps arriving: each value
 * first becomes positive, then rises above that first reading.
 */
async function expectReceiving(page: MeetingPage, names: string[], kinds: Array<keyof InboundByName>) {
  const pending = (now: Record<string, InboundByName>, floor: Record<string, InboundByName>) =>
    names.flatMap((n) =>
      kinds.filter((k) => !((now[n]?.[k] ?? 0) > (floor[n]?.[k] ?? 0))).map((k) => `${n}:${k}`),
    );
  const zero = {};
  await expect
    .poll(async () => pending(await inboundByName(page.page), zero), { timeout: 45_000, intervals: [500] })
    .toEqual([]);
  const first = await inboundByName(page.page);
  await expect
    .poll(async () => pending(await inboundByName(page.page), first), { timeout: 20_000, intervals: [500] })
    .toEqual([]);
}

test('host and three participants each receive video and audio from each of the other three', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const meeting = await api.createMeeting('All hands');
  const host = await hostJoins(browser, meeting.id);
  const names = ['Ada', 'Ben', 'Cleo'];
  const people = [host];
  for (const name of names) people.push((await participantJoins(browser, meeting.id, name)).person);

  for (const me of people) {
    const others = people.filter((p) => p !== me).map((p) => p.name);
    await expectReceiving(me, others, ['video', 'audio']);
  }

  // Everyone sends Low video (320×240 or less).
  for (const me of people) {
    await expect.poll(() => sentVideoWidth(me), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await sentVideoWidth(me)).toBeLessThanOrEqual(320);
  }

  // The host's call shows the participant list with everyone's preset.
  const list = host.page.getByRole('complementary', { name: /Participants/ });
  await expect(list).toBeVisible();
  for (const name of names) {
    await expect(list.getByRole('listitem').filter({ hasText: name })).toContainText('participant');
  }
  await expect(list.getByRole('listitem').filter({ hasText: 'Hana Host' })).toContainText('Host');
});

test('muting shows as muted to the others within a second, and the muted side stops sending audio', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const meeting = await api.createMeeting('Mute check');
  const { person: ada } = await participantJoins(browser, meeting.id, 'Ada');
  const { person: ben } = await participantJoins(browser, meeting.id, 'Ben');
  await expectReceiving(ben, ['Ada'], ['audio']);

  const speaking = await rate(async () => (await outboundBytes(ada.page)).audio);
  expect(speaking).toBeGreaterThan(2000); // the fake microphone's beeps, in bytes of audio per second

  const mutedOnBen = ben.tile('Ada').getByText('microphone off');
  await expect(mutedOnBen).toHaveCount(0);
  // Timed inside the browsers (one machine, one clock), so the figure is what Ben sees, not how fast
  // this test process polls: Ben's page stamps the moment Ada's tile first says her microphone is off.
  // It watches the whole page, so a tile that re-renders is still seen.
  const seen = ben.page.evaluate(
    (name) =>
      new Promise<number>((resolve) => {
        const adaMuted = () =>
          [...document.querySelectorAll('figure')].some(
            (f) => f.getAttribute('aria-label') === name && f.textContent?.includes('microphone off'),
          );
        const observer = new MutationObserver(() => {
          if (adaMuted()) {
            observer.disconnect();
            resolve(Date.now());
          }
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
      }),
    'Ada',
  );
  const muteButton = await ada.button('Mute microphone').elementHandle();
  const clicked = await muteButton.evaluate((button: HTMLElement) => {
    const at = Date.now();
    button.click();
    return at;
  });
  await expect(mutedOnBen).toHaveCount(1, { timeout: 5000 });
  const shownAfter = (await seen) - clicked;
  test.info().annotations.push({ type: 'mute shown to others after (ms)', description: String(shownAfter) });
  expect(shownAfter).toBeLessThan(1000);
  await expect(ada.button('Unmute microphone')).toBeVisible();

  // What LiveKit does on mute (measured): it disables the track and keeps it in the RTCRtpSender; Chrome's
  // Opus encoder with DTX then sends only comfort-noise packets (~15 B/s of payload instead of ~10 kB/s),
  // and the SFU stops forwarding that track at all. So Ada's audio send rate collapses to a trickle, and
  // Ben's audio bytes received from Ada stop rising.
  expect(await audioSenderEnabled(ada)).toBe(false);
  await expect(async () => {
    expect(await rate(async () => (await outboundBytes(ada.page)).audio)).toBeLessThan(
      Math.min(100, speaking / 50),
    );
  }).toPass({ timeout: 15_000, intervals: [0] });
  await expectFlat(async () => (await inboundByName(ben.page)).Ada?.audio ?? 0, 'Ben audio bytes from Ada');

  // Unmuting brings the audio back.
  await ada.button('Unmute microphone').click();
  await expect(mutedOnBen).toHaveCount(0, { timeout: 1000 });
  await expectReceiving(ben, ['Ada'], ['audio']);
});

/** How fast a counter rises, per second, over two seconds. */
async function rate(read: () => Promise<number>) {
  const before = await read();
  await new Promise((r) => setTimeout(r, 2000));
  return ((await read()) - before) / 2;
}

/** Whether this page's audio RTCRtpSender still holds an enabled track. */
function audioSenderEnabled(person: MeetingPage) {
  return person.page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const audio = pcs.flatMap((pc) => pc.getSenders()).find((s) => s.track?.kind === 'audio');
    return audio?.track?.enabled;
  });
}

/** The widest video this page is sending now (frameWidth of its outbound video streams). */
function sentVideoWidth(person: MeetingPage) {
  return person.page.evaluate(async () => {
    let width = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video')
          width = Math.max(width, Number(s.frameWidth ?? 0));
      });
    }
    return width;
  });
}

/** Passes once a counter stays put over two seconds (a muted stream has stopped). */
async function expectFlat(read: () => Promise<number>, what: string) {
  await expect(async () => {
    const before = await read();
    await new Promise((r) => setTimeout(r, 2000));
    const after = await read();
    expect(after - before, `${what} should stop rising`).toBeLessThanOrEqual(0);
  }).toPass({ timeout: 15_000, intervals: [0] });
}

test('a preset without video offers no camera, and the server refuses a camera even when the page tries', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const preset = await api.createPreset(`no-video-${Date.now().toString(36)}`, {
    media: { video: { can_produce: 'NOT_ALLOWED' } },
  });
  const meeting = await api.createMeeting('No video');
  const { person: ada } = await participantJoins(browser, meeting.id, 'Ada');

  const seat = await api.addParticipant(meeting.id, 'Nova', preset.name);
  const nova = await openPerson(browser, 'Nova');
  await nova.open(seat.join_url);
  await expect(nova.page.getByRole('button', { name: /camera/i })).toHaveCount(0);
  await expect(nova.page.getByText('Your role joins with audio only')).toBeVisible();
  await nova.join();
  await expect(nova.page.getByRole('button', { name: /camera/i })).toHaveCount(0);
  await expect(nova.button('Mute microphone')).toBeVisible();

  // The page tries anyway, through the livekit-client API: first as any page would (the client library
  // already refuses from the rights the server put in the token), then with those rights forged in the
  // browser so the request reaches the media server, which must refuse it.
  const attempt = await nova.page.evaluate(async () => {
    const handle = window.__breakout!;
    const room = handle.room!;
    const outcome = async () => {
      const track = await handle.livekit.createLocalVideoTrack({ resolution: { width: 320, height: 240 } });
      try {
        await room.localParticipant.publishTrack(track, { source: handle.livekit.Track.Source.Camera });
        return 'published';
      } catch (err) {
        return `refused: ${(err as Error).message}`;
      }
    };
    const asIs = await outcome();
    const permissions = room.localParticipant.permissions!;
    // TrackSource.CAMERA in LiveKit's protocol
    permissions.canPublishSources = [...permissions.canPublishSources, 1];
    permissions.canPublish = true;
    const forged = await outcome();
    return { asIs, forged };
  });
  test.info().annotations.push({ type: 'camera publish, as the page is', description: attempt.asIs });
  test.info().annotations.push({ type: 'camera publish, rights forged', description: attempt.forged });
  expect(attempt.asIs).toMatch(/^refused/);
  expect(attempt.forged).toMatch(/^refused/);

  // Ada hears Nova and receives no video from her.
  await expectReceiving(ada, ['Nova'], ['audio']);
  const fromNova = await inboundByName(ada.page);
  expect(fromNova.Nova?.video ?? 0).toBe(0);
  const novaVideoTracks = await ada.page.evaluate(() => {
    const { room, livekit } = window.__breakout!;
    const nova = [...room!.remoteParticipants.values()].find((p) => p.name === 'Nova');
    return [...(nova?.trackPublications.values() ?? [])].filter((p) => p.kind === livekit.Track.Kind.Video)
      .length;
  });
  expect(novaVideoTracks).toBe(0);
});

test('a person whose camera is blocked is told why and joins with the microphone alone', async ({
  browser,
  playwright,
}) => {
  test.setTimeout(120_000);
  const meeting = await api.createMeeting('Blocked camera');
  const { person: ada } = await participantJoins(browser, meeting.id, 'Ada');

  // A browser that really asks: without the flag that accepts every prompt, a permission not granted is
  // refused, exactly as for a person who clicked "Block" on the camera.
  const { launchOptions, baseURL } = test.info().project.use;
  const asking = await playwright.chromium.launch({
    ...launchOptions,
    args: (launchOptions?.args ?? []).filter((a) => a !== '--use-fake-ui-for-media-stream'),
  });
  try {
    const context = await asking.newContext({ baseURL, permissions: ['microphone'] });
    await context.addInitScript(instrumentPage);
    const bo = new MeetingPage(await context.newPage(), 'Bo');
    await bo.open((await api.addParticipant(meeting.id, 'Bo')).join_url);
    const notice = bo.page.getByRole('alert').filter({ hasText: 'Camera blocked' });
    await expect(notice).toContainText('Your browser is blocking the camera for this site');
    await expect(notice.getByRole('button', { name: /Try again/ })).toBeVisible();
    await expect(bo.page.getByRole('meter', { name: 'Microphone level' })).toBeVisible();
    await bo.join();

    await expectReceiving(ada, ['Bo'], ['audio']);
    expect((await inboundByName(ada.page)).Bo?.video ?? 0).toBe(0);
    await expectReceiving(bo, ['Ada'], ['video', 'audio']);
  } finally {
    await asking.close();
  }
});

test('removing a participant in the dashboard disconnects their page within two seconds', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const meeting = await api.createMeeting('Removal');
  const { person: rita, seat } = await participantJoins(browser, meeting.id, 'Rita');

  const dashboard = await openPerson(browser, 'dashboard', true);
  await dashboard.page.goto(`/dashboard/meetings/${meeting.id}`);
  const row = dashboard.page.getByRole('row', { name: new RegExp(seat.name) });
  await expect(row.getByText('Connected', { exact: true })).toBeVisible({ timeout: 10_000 });

  await row.getByRole('button', { name: 'Remove Rita' }).click();
  const confirm = dashboard.page.getByRole('button', { name: 'Remove participant' });
  await expect(confirm).toBeVisible();
  const clicked = Date.now();
  await confirm.click();
  await expect(rita.removedMessage()).toBeVisible({ timeout: 2000 });
  const removedAfter = Date.now() - clicked;
  test.info().annotations.push({ type: 'removed page after (ms)', description: String(removedAfter) });
  expect(removedAfter).toBeLessThan(2000);
  await expect(rita.page.getByRole('button', { name: 'Rejoin' })).toHaveCount(0);
});
