import type { Browser, Page } from '@playwright/test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { livekitEnv } from '../scripts/livekit';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { expectMoved } from './pages/breakout';
import { inboundByName, type InboundByName } from './pages/media-stats';
import type { MeetingPage } from './pages/meeting-page';

// Class-ready calls: reconnects leave one tile per person, a stopped camera comes back (or the page says
// why), and hosts moderate for real: mute, mute all without unmute, spotlight, remove, end for all. Real
// LiveKit and Chromium, one browser context per person; media is read from getStats() and the media
// server is asked directly (RoomServiceClient) whether someone is still connected.

test.describe.configure({ mode: 'serial' });

const setup = new CallSetup();

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e moderation');
});

test.afterEach(() => setup.closeContexts());

const joins = (browser: Browser, meetingId: string, name: string, preset?: string) =>
  setup.participantJoins(browser, meetingId, name, preset);

/** Waits until `page` receives `kinds` from each of `names`, and keeps receiving (values rise). */
async function expectReceiving(page: Page, names: string[], kinds: Array<keyof InboundByName>) {
  const pending = (now: Record<string, InboundByName>, floor: Record<string, InboundByName>) =>
    names.flatMap((n) =>
      kinds.filter((k) => !((now[n]?.[k] ?? 0) > (floor[n]?.[k] ?? 0))).map((k) => `${n}:${k}`),
    );
  await expect
    .poll(async () => pending(await inboundByName(page), {}), { timeout: 45_000, intervals: [500] })
    .toEqual([]);
  const first = await inboundByName(page);
  await expect
    .poll(async () => pending(await inboundByName(page), first), { timeout: 30_000, intervals: [500] })
    .toEqual([]);
}

/** Passes once a counter stays put over two seconds. */
async function expectFlat(read: () => Promise<number>, what: string) {
  await expect(async () => {
    const before = await read();
    await new Promise((r) => setTimeout(r, 2000));
    expect((await read()) - before, `${what} should stop rising`).toBeLessThanOrEqual(0);
  }).toPass({ timeout: 20_000, intervals: [0] });
}

const audioFrom = (page: Page, name: string) => async () => (await inboundByName(page))[name]?.audio ?? 0;

/** Opens the participant list (closed by default for people who are not the meeting's own host seat). */
async function openList(person: MeetingPage) {
  const list = person.page.getByRole('complementary', { name: /Participants/ });
  if (!(await list.isVisible())) await person.page.getByRole('button', { name: 'Participants' }).click();
  await expect(list).toBeVisible();
  return list;
}

function mediaServer() {
  const env = livekitEnv(Number(process.env.E2E_LIVEKIT_PORT ?? 7890));
  return new RoomServiceClient(
    env.LIVEKIT_URL.replace(/^ws/, 'http'),
    env.LIVEKIT_API_KEY,
    env.LIVEKIT_API_SECRET,
  );
}

test('reconnecting several times leaves one tile per person, and the toolbar and the list agree on the mic', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const meeting = await setup.api.createMeeting('Reconnects');
  const { person: ada } = await joins(browser, meeting.id, 'Ada', 'host');
  const { person: ben } = await joins(browser, meeting.id, 'Ben');
  const warnings: string[] = [];
  ada.page.on('console', (m) => {
    if (/same key|duplicate key/i.test(m.text())) warnings.push(m.text());
  });
  await expectReceiving(ben.page, ['Ada'], ['video']);

  for (let i = 0; i < 3; i++) {
    await ada.page.context().setOffline(true);
    await ada.page.waitForTimeout(3000 + i * 2000);
    await ada.page.context().setOffline(false);
    await expect(ada.button('Leave meeting')).toBeVisible({ timeout: 30_000 });
    await expect(ada.page.getByText('Reconnecting…')).toHaveCount(0, { timeout: 45_000 });
  }
  // A moment to let any second publication appear, then exactly one tile each, on both sides.
  await ada.page.waitForTimeout(2000);
  await expect(ada.tile('Ada (you)')).toHaveCount(1);
  await expect(ada.tile('Ben')).toHaveCount(1);
  await expect(ben.tile('Ada')).toHaveCount(1);
  await expect(ben.tile('Ben (you)')).toHaveCount(1);
  await expectReceiving(ben.page, ['Ada'], ['video', 'audio']);

  // The toolbar and the list say the same about Ada's microphone, before and after she mutes it.
  const list = await openList(ada);
  const row = list.getByRole('listitem').filter({ hasText: 'Ada' });
  await expect(ada.button('Mute microphone')).toBeVisible();
  await expect(row.getByText('Microphone on')).toHaveCount(1);
  await ada.button('Mute microphone').click();
  await expect(ada.button('Unmute microphone')).toBeVisible();
  await expect(row.getByText('Microphone off')).toHaveCount(1);
  await expect(ben.tile('Ada').getByText('microphone off')).toHaveCount(1);
  expect(warnings).toEqual([]);
});

test('a camera that stops is restarted and seen again; when it cannot be, its owner is told why', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const meeting = await setup.api.createMeeting('Camera recovery');
  const { person: ada } = await joins(browser, meeting.id, 'Ada');
  const { person: ben } = await joins(browser, meeting.id, 'Ben');
  await expectReceiving(ben.page, ['Ada'], ['video']);

  // The MediaStreamTrack ends behind the page's back (stop() fires no event).
  await ada.page.evaluate(() =>
    window.__breakout!.localMedia.getSnapshot().videoTrack!.mediaStreamTrack.stop(),
  );
  await expect(
    ada.page.getByRole('status').filter({ hasText: 'Your camera stopped; it is back on.' }),
  ).toBeVisible({
    timeout: 15_000,
  });
  await expectReceiving(ben.page, ['Ada'], ['video']);
  await expect(ada.button('Turn camera off')).toBeVisible();

  // Now the camera cannot start again: the button says off and the page says why, in an alert.
  await ada.page.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Could not start video source', 'NotReadableError'));
    window.__breakout!.localMedia.getSnapshot().videoTrack!.mediaStreamTrack.stop();
  });
  const alert = ada.page
    .getByRole('alert')
    .filter({ hasText: 'Your camera stopped and could not be restarted' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(ada.button('Turn camera on')).toBeVisible();
  await expect(ben.tile('Ada').getByText('Connecting video…')).toHaveCount(0);
});

test('hosts mute one person and everyone, spotlight, remove someone, and end the meeting for all rooms', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const meeting = await setup.api.createMeeting('Class');
  const [roomId] = await setup.breakout.createRooms(meeting.id, ['Group A']);
  const { person: chair } = await joins(browser, meeting.id, 'Chair', 'host');
  const { person: ada } = await joins(browser, meeting.id, 'Ada');
  const { person: ben, id: benId } = await joins(browser, meeting.id, 'Ben');
  await expectReceiving(chair.page, ['Ada', 'Ben'], ['audio']);
  const list = await openList(chair);
  const server = mediaServer();

  // Mute one person: her own page says so and her microphone stops for everyone.
  await list.getByRole('button', { name: 'Mute Ada' }).click();
  await expect(ada.button('Unmute microphone')).toBeVisible({ timeout: 10_000 });
  await expect(ada.page.getByText('A host muted your microphone')).toBeVisible();
  await expect(chair.tile('Ada').getByText('microphone off')).toHaveCount(1);
  await expectFlat(audioFrom(chair.page, 'Ada'), 'Chair audio bytes from Ada');
  // She may unmute herself after a single mute.
  await ada.button('Unmute microphone').click();
  await expectReceiving(chair.page, ['Ada'], ['audio']);

  // Mute all without letting people unmute: confirmed first, then the server refuses their microphone.
  await list.getByRole('button', { name: 'Mute all' }).click();
  const dialog = chair.page.getByRole('dialog', { name: 'Mute everyone here?' });
  await dialog.getByRole('checkbox', { name: 'Let people unmute themselves' }).uncheck();
  await dialog.getByRole('button', { name: 'Mute all' }).click();
  await expect(ada.button('Microphone off: a host muted everyone')).toBeDisabled({ timeout: 10_000 });
  await expect(ada.page.getByText('Microphones stay off until a host allows them again')).toBeVisible();
  await expectFlat(audioFrom(chair.page, 'Ada'), 'Chair audio bytes from Ada');
  const forced = await ada.page.evaluate(async () => {
    const { room, localMedia } = window.__breakout!;
    const track = localMedia.getSnapshot().audioTrack!;
    await track.unmute();
    const permissions = room!.localParticipant.permissions!;
    permissions.canPublishSources = [...permissions.canPublishSources, 2]; // MICROPHONE, forged
    try {
      await room!.localParticipant.publishTrack(track, { source: 'microphone' as never });
      return 'published';
    } catch (err) {
      return `refused: ${(err as Error).message}`;
    }
  });
  test.info().annotations.push({ type: 'mic publish while locked', description: forced });
  await expectFlat(audioFrom(chair.page, 'Ada'), 'Chair audio bytes from Ada while locked');
  const adaOnServer = (await server.listParticipants(meeting.id)).find((p) => p.name === 'Ada');
  expect(adaOnServer?.permission?.canPublishSources ?? []).not.toContain(2);

  // Spotlight: Ben's page shows Ada on the stage.
  await list.getByRole('button', { name: 'Spotlight Ada' }).click();
  await expect(
    ben.page.getByRole('region', { name: 'Spotlight' }).getByRole('figure', { name: 'Ada' }),
  ).toBeVisible({
    timeout: 10_000,
  });
  await list.getByRole('button', { name: 'Remove spotlight Ada' }).click();
  await expect(ben.page.getByRole('region', { name: 'Spotlight' })).toHaveCount(0, { timeout: 10_000 });

  // Remove Ben from the call (not from the meeting): confirmed, his page says so, the server lists him no more.
  await list.getByRole('button', { name: 'Remove Ben' }).click();
  const remove = chair.page.getByRole('dialog', { name: 'Remove Ben from the call?' });
  await remove.getByRole('button', { name: 'Remove Ben' }).click();
  await expect(ben.page.getByRole('heading', { name: 'You were removed from the call' })).toBeVisible({
    timeout: 10_000,
  });
  await expect
    .poll(async () => (await server.listParticipants(meeting.id)).map((p) => p.identity), { timeout: 10_000 })
    .not.toContain(benId);

  // Ben comes back with his link (it still works) and is moved to a room; then the host ends it for all.
  await ben.page.goto(`/m/${meeting.id}`);
  await ben.join();
  await setup.breakout.move(meeting.id, meeting.id, roomId!, [benId]);
  await expectMoved(ben.page, roomId!, 0, 30_000);
  await chair.page.getByRole('button', { name: 'End meeting for all' }).click();
  const end = chair.page.getByRole('dialog', { name: 'End the meeting for everyone?' });
  await end.getByRole('button', { name: 'End meeting for all' }).click();
  for (const person of [chair, ada, ben]) {
    await expect(person.page.getByRole('heading', { name: 'The meeting has ended' })).toBeVisible({
      timeout: 10_000,
    });
  }
  const state = await setup.api.getMeeting(meeting.id);
  expect(state.status).toBe('INACTIVE');
  await expect
    .poll(async () => (await server.listRooms([meeting.id, roomId!])).map((r) => r.name), { timeout: 10_000 })
    .toEqual([]);
});
