// The warm room switch (run the suite with MEDIA_WARM_SWITCH=on: the app's server then has it): a person moved from the main
// meeting into a room keeps the main meeting's connection, without any right; moving them back (as
// "return" and "close all" do) goes over that connection (the page reports the switch as warm), with changingMeeting then
// meetingChanged, the first remote frame arriving, and the microphone and camera as they were. A reload
// lands in the right room.
import type { Page } from '@playwright/test';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { clientEvents, expectMoved, mediaRoomOf } from './pages/breakout';
import { expectMediaFrom } from './pages/media-stats';

const setup = new CallSetup();

test.skip(process.env.MEDIA_WARM_SWITCH !== 'on', 'the warm room switch is off (MEDIA_WARM_SWITCH)');

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e warm switch');
});

test.afterEach(() => setup.closeContexts());

const switches = (page: Page) => page.evaluate(() => window.__breakout?.switches ?? []);

test('moving back takes people over their warm main-meeting connection, devices as they were', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const meeting = await setup.api.createMeeting('Warm');
  const { person: ada, id: adaId } = await setup.participantJoins(browser, meeting.id, 'Ada');
  const { person: bo, id: boId } = await setup.participantJoins(browser, meeting.id, 'Bo');
  await ada.button('Mute microphone').click();
  await expect(ada.button('Unmute microphone')).toBeVisible();

  const [room] = await setup.breakout.createRooms(meeting.id, ['Room 1']);
  await setup.breakout.move(meeting.id, meeting.id, room!, [adaId, boId]);
  const adaSeen = await expectMoved(ada.page, room!, 0);
  await expectMoved(bo.page, room!, 0);
  await expectMediaFrom(ada, 'Bo');
  // Into the room: a new connection; the main meeting's stays open, warm, as the way back.
  expect(await switches(ada.page)).toEqual(['cold']);

  await setup.breakout.move(meeting.id, room!, meeting.id, [adaId, boId]);
  await expectMoved(ada.page, meeting.id, adaSeen);
  expect(await mediaRoomOf(ada.page)).toBe(meeting.id);
  expect(await switches(ada.page)).toEqual(['cold', 'warm']);
  const events = (await clientEvents(ada.page)).slice(adaSeen).map((e) => e.type);
  expect(events.filter((t) => t === 'changingMeeting' || t === 'meetingChanged')).toEqual([
    'changingMeeting',
    'meetingChanged',
  ]);
  await expectMediaFrom(ada, 'Bo');
  await expectMediaFrom(bo, 'Ada');
  await expect(ada.button('Unmute microphone')).toBeVisible();
  await expect(ada.button('Turn camera off')).toBeVisible();

  // Into the room again and a reload: the page lands in the room and warms the way back once more.
  await setup.breakout.move(meeting.id, meeting.id, room!, [adaId]);
  await expectMoved(ada.page, room!, adaSeen + 2);
  await ada.page.reload();
  await ada.join();
  expect(await mediaRoomOf(ada.page)).toBe(room);
});
