// The warm room switch (`npm test` runs this spec against a second app server with MEDIA_WARM_SWITCH=on):
// a person moved from the main meeting into a room holds a warm connection to the main meeting, under the
// seat's identity, without any right and hidden: nothing of the main meeting arrives on it and nobody
// there sees it. Moving them back (as "return" and "close all" do) promotes it: the call takes it over
// without a new connection, with changingMeeting then meetingChanged, media both ways and the microphone
// and camera as they were, and no warm connection is left. A reload lands in the right room and warms
// the way back again. In the main meeting, a host's draft assignment makes the planned room the likely
// one: the page waits there before the start, and the start takes the call there the same way. While
// participants choose, the room a person points at in the list is where the page waits, and their pick
// takes the call there warm; a pick made at once, before the warm connection is ready, still lands. A
// room a host chooses for someone in the manager, before pressing Move, is where that person's page
// waits, and the Move takes the call there warm; so is the room the selection bar names for the people
// selected, before its select is touched.
import type { Browser, Page } from '@playwright/test';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { BreakoutManagerPanel, clientEvents, expectMoved, mediaRoomOf } from './pages/breakout';
import { expectMediaFrom } from './pages/media-stats';

const setup = new CallSetup();

test.skip(process.env.MEDIA_WARM_SWITCH !== 'on', 'the warm room switch is off (MEDIA_WARM_SWITCH)');

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e warm switch');
});

test.afterEach(() => setup.closeContexts());

const switches = (page: Page) => page.evaluate(() => window.__breakout?.switches ?? []);

/** The page's warm connection: its room, identity and how many remote tracks it receives (null: none). */
const warmOf = (page: Page) =>
  page.evaluate(() => {
    const w = window.__breakout?.warm;
    if (!w || String(w.state) !== 'connected') return null;
    const received = [...w.remoteParticipants.values()].flatMap((p) =>
      [...p.trackPublications.values()].filter((t) => t.isSubscribed),
    );
    return { room: w.name, identity: w.localParticipant.identity, received: received.length };
  });
const remoteIdentities = (page: Page) =>
  page.evaluate(() => [...window.__breakout!.room!.remoteParticipants.values()].map((p) => p.identity));

/** A meeting with Ada and Bo in its call, Ada's microphone muted (kept through every switch). */
async function adaAndBo(browser: Browser, title: string) {
  const meeting = await setup.api.createMeeting(title);
  const { person: ada, id: adaId } = await setup.participantJoins(browser, meeting.id, 'Ada');
  const { person: bo, id: boId } = await setup.participantJoins(browser, meeting.id, 'Bo');
  await ada.button('Mute microphone').click();
  await expect(ada.button('Unmute microphone')).toBeVisible();
  return { meeting, ada, adaId, bo, boId };
}

/** Ada and Bo moved together into Room 1 (Ada's microphone muted); Cy stays in the main meeting, publishing. */
async function adaAndBoInARoom(browser: Browser, title: string) {
  const people = await adaAndBo(browser, title);
  const { meeting, ada, adaId, bo, boId } = people;
  const { person: cy } = await setup.participantJoins(browser, meeting.id, 'Cy');
  const [room] = await setup.breakout.createRooms(meeting.id, ['Room 1']);
  await setup.breakout.move(meeting.id, meeting.id, room!, [adaId, boId]);
  const adaSeen = await expectMoved(ada.page, room!, 0);
  await expectMoved(bo.page, room!, 0);
  return { ...people, cy, room: room!, adaSeen };
}

test('a warm main-meeting connection receives nothing; moving back promotes it and the call takes it over, devices as they were', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { meeting, ada, adaId, bo, boId, cy, room, adaSeen } = await adaAndBoInARoom(browser, 'Warm');
  await expectMediaFrom(ada, 'Bo');
  expect(await switches(ada.page)).toEqual(['cold']);
  // In the room, a warm connection waits in the main meeting, where Cy is: the seat's identity, nothing
  // of Cy received, and Cy's page does not see it.
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });
  expect((await warmOf(ada.page))!.identity).toBe(adaId);
  await ada.page.waitForTimeout(1000);
  expect(await warmOf(ada.page)).toMatchObject({ received: 0 });
  expect(await remoteIdentities(cy.page)).not.toContain(adaId);

  await setup.breakout.move(meeting.id, room, meeting.id, [adaId, boId]);
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
  await expectMediaFrom(ada, 'Cy');
  await expectMediaFrom(cy, 'Ada');
  await expect(ada.button('Unmute microphone')).toBeVisible();
  await expect(ada.button('Turn camera off')).toBeVisible();
  // The call is the promoted connection; back in the main meeting nothing is likely, so no warm one.
  await expect.poll(() => warmOf(ada.page)).toBeNull();

  // Into the room again and a reload: the page lands in the room and warms the way back once more.
  await setup.breakout.move(meeting.id, meeting.id, room, [adaId]);
  await expectMoved(ada.page, room, adaSeen + 2);
  await ada.page.reload();
  await ada.join();
  expect(await mediaRoomOf(ada.page)).toBe(room);
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });
});

test("a slow leave of the old room holds up nothing: Ada's media reaches the main meeting on the promoted connection while her old connection is still leaving", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { meeting, ada, adaId, bo, cy, room, adaSeen } = await adaAndBoInARoom(browser, 'Warm slow leave');
  await expectMediaFrom(bo, 'Ada');
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });

  // Under load a room's leave can take seconds (the media server answers late). Here the room's own
  // disconnect is held back for 20 s before it starts; the move back must not wait for it.
  const marks = () =>
    ada.page.evaluate(() => ({
      published: performance.getEntriesByName('breakout-switch:published').map((m) => m.startTime),
      left: performance.getEntriesByName('breakout-switch:left').map((m) => m.startTime),
    }));
  const before = await marks();
  await ada.page.evaluate(() => {
    const old = window.__breakout!.room!;
    const disconnect = old.disconnect;
    old.disconnect = async (stopTracks?: boolean) => {
      await new Promise((r) => setTimeout(r, 20_000));
      return disconnect(stopTracks);
    };
  });
  await setup.breakout.move(meeting.id, room, meeting.id, [adaId]);
  await expectMoved(ada.page, meeting.id, adaSeen);
  expect((await switches(ada.page)).at(-1)).toBe('warm');
  // Cy receives Ada's camera, published on the promoted connection while the old one is still leaving,
  // and nothing of Ada stays in Room 1 meanwhile: her tracks left it with her.
  await expectMediaFrom(cy, 'Ada');
  await expect
    .poll(() =>
      bo.page.evaluate(
        (id) => window.__breakout!.room!.remoteParticipants.get(id)?.trackPublications.size ?? 0,
        adaId,
      ),
    )
    .toBe(0);
  const meanwhile = await marks();
  expect(meanwhile.left.length).toBe(before.left.length);
  expect(meanwhile.published.length).toBe(before.published.length + 1);
  // The held-back leave still ends, after the publication; her devices are as they were.
  await expect
    .poll(async () => (await marks()).left.length, { timeout: 40_000 })
    .toBe(before.left.length + 1);
  expect(meanwhile.published.at(-1)!).toBeLessThan((await marks()).left.at(-1)!);
  await expect(ada.button('Unmute microphone')).toBeVisible();
  await expect(ada.button('Turn camera off')).toBeVisible();
});

test('a draft assignment warms the planned room before the start; the start takes the call there warm', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { meeting, ada, adaId, bo, boId } = await adaAndBo(browser, 'Warm draft');
  // In the main meeting without a draft nothing is likely.
  expect(await warmOf(ada.page)).toBeNull();
  const adaSeen = (await clientEvents(ada.page)).length;

  await setup.breakout.saveDraft(meeting.id, {
    rooms: [{ key: 'one', title: 'Room 1' }],
    assignments: { [adaId]: 'one', [boId]: 'one' },
  });
  // The stream tells each assigned page (never the draft itself): it waits in the planned room, alone,
  // receiving nothing, seen by nobody.
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ identity: adaId, received: 0 });
  await expect.poll(() => warmOf(bo.page)).toMatchObject({ identity: boId, received: 0 });
  const planned = (await warmOf(ada.page))!.room;
  expect(planned).not.toBe(meeting.id);

  const [room] = await setup.breakout.startDraft(meeting.id);
  expect(room!.id).toBe(planned);
  await expectMoved(ada.page, planned, adaSeen);
  expect(await mediaRoomOf(ada.page)).toBe(planned);
  expect((await switches(ada.page)).at(-1)).toBe('warm');
  await expectMediaFrom(bo, 'Ada');
  await expectMediaFrom(ada, 'Bo');
  await expect(ada.button('Unmute microphone')).toBeVisible();
  await expect(ada.button('Turn camera off')).toBeVisible();
  // From the room the main meeting is likely again.
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });
});

test('pointing at a room to choose warms it; the pick takes the call there warm; a pick made at once still lands', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { meeting, ada, adaId, bo, boId } = await adaAndBo(browser, 'Warm choice');
  const [room1, room2] = (await setup.breakout.createRooms(meeting.id, ['Room 1', 'Room 2'])) as [
    string,
    string,
  ];
  await setup.breakout.move(meeting.id, meeting.id, room1, [boId]);
  await expectMoved(bo.page, room1, 0);
  await setup.breakout.setSelfSelect(meeting.id, true);
  const join1 = ada.page.getByRole('button', { name: 'Join Room 1' });
  await expect(join1).toBeVisible();
  // Nothing is likely from the main meeting until Ada points at a room.
  expect(await warmOf(ada.page)).toBeNull();
  const adaSeen = (await clientEvents(ada.page)).length;

  await join1.hover();
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: room1, identity: adaId, received: 0 });
  await ada.page.waitForTimeout(1000);
  expect(await warmOf(ada.page)).toMatchObject({ received: 0 });
  expect(await remoteIdentities(bo.page)).not.toContain(adaId);

  await join1.click();
  await expectMoved(ada.page, room1, adaSeen);
  expect(await mediaRoomOf(ada.page)).toBe(room1);
  expect((await switches(ada.page)).at(-1)).toBe('warm');
  await expectMediaFrom(ada, 'Bo');
  await expectMediaFrom(bo, 'Ada');
  await expect(ada.button('Unmute microphone')).toBeVisible();
  await expect(ada.button('Turn camera off')).toBeVisible();
  // In Room 1 the main meeting is likely again.
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });

  // A pick made at once: the warm connection for Room 2 may still be on its way when the move arrives.
  // Either way the call lands in Room 2, once, and stays.
  const switched = (await switches(ada.page)).length;
  const moves = (await clientEvents(ada.page)).length;
  await ada.page.getByRole('button', { name: 'Join Room 2' }).click();
  await expectMoved(ada.page, room2, moves);
  expect(await mediaRoomOf(ada.page)).toBe(room2);
  expect((await switches(ada.page)).length).toBe(switched + 1);
  await ada.page.waitForTimeout(1500);
  expect(await mediaRoomOf(ada.page)).toBe(room2);
  await expect(ada.page.getByRole('region', { name: 'Your room' })).toContainText('You are in Room 2');
  await expect(ada.button('Unmute microphone')).toBeVisible();
});

test("a host's pick in the manager warms that person's page in the room; Move takes the call there warm; a pick put back lets go", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { meeting, ada, adaId, bo, boId } = await adaAndBo(browser, 'Warm pick');
  const [room1, room2] = (await setup.breakout.createRooms(meeting.id, ['Room 1', 'Room 2'])) as [
    string,
    string,
  ];
  await setup.breakout.move(meeting.id, meeting.id, room1, [boId]);
  await expectMoved(bo.page, room1, 0);
  // The host's manager, on the dashboard.
  const page = await (await setup.openContext(browser, true)).newPage();
  await page.goto(`/dashboard/meetings/${meeting.id}`);
  const manager = new BreakoutManagerPanel(
    page,
    page.locator('section').filter({ has: page.getByRole('heading', { name: 'Breakout rooms', level: 2 }) }),
  );
  const roomFor = manager.root.getByLabel('Room for Ada', { exact: true });
  await expect(roomFor).toBeVisible();
  expect(await warmOf(ada.page)).toBeNull();

  // The host chooses Room 1 for Ada and has not pressed Move: her page waits there, receiving nothing,
  // unseen by Bo; nothing has moved.
  await roomFor.selectOption({ label: 'Room 1' });
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: room1, identity: adaId, received: 0 });
  await ada.page.waitForTimeout(1000);
  expect(await warmOf(ada.page)).toMatchObject({ received: 0 });
  expect(await remoteIdentities(bo.page)).not.toContain(adaId);
  expect(await mediaRoomOf(ada.page)).toBe(meeting.id);

  // Put back (her own room chosen again): the page lets go of Room 1. Ada is a late joiner (nobody has
  // moved her since the rooms opened), so it waits instead where placing the late joiners would put her:
  // Room 2, the emptier.
  await roomFor.selectOption({ label: 'Main meeting' });
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: room2, received: 0 });

  // Chosen again, then Move: the call takes the warm connection, media both ways, devices as they were.
  await roomFor.selectOption({ label: 'Room 1' });
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: room1, received: 0 });
  const adaSeen = (await clientEvents(ada.page)).length;
  await manager.button('Move Ada').click();
  await expectMoved(ada.page, room1, adaSeen);
  expect(await mediaRoomOf(ada.page)).toBe(room1);
  expect((await switches(ada.page)).at(-1)).toBe('warm');
  await expectMediaFrom(ada, 'Bo');
  await expectMediaFrom(bo, 'Ada');
  await expect(ada.button('Unmute microphone')).toBeVisible();
  await expect(ada.button('Turn camera off')).toBeVisible();
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });

  // A keyboard drag of Ada resting over Room 2 is a pick too; cancelled, her page goes back to waiting
  // in the main meeting.
  const handle = manager.root.getByRole('button', { name: 'Drag Ada', exact: true });
  await handle.focus();
  await page.keyboard.press('Space');
  const live = page.locator('[id^="DndLiveRegion"]');
  for (let i = 0; i < 8 && !((await live.textContent()) ?? '').includes('over Room 2.'); i++)
    await page.keyboard.press('ArrowDown');
  await expect(live).toContainText('over Room 2.');
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: room2, received: 0 });
  await page.keyboard.press('Escape');
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });
  expect(await mediaRoomOf(ada.page)).toBe(room1);

  // Back in the main meeting, Ada is selected: the selection bar already names Room 1, so that is the
  // pick without touching its select, and "Move selected" takes her call there warm. The bar gone, no
  // pick is left: her page stops waiting anywhere but where the rooms lead back.
  const back = (await clientEvents(ada.page)).length;
  await setup.breakout.move(meeting.id, room1, meeting.id, [adaId]);
  await expectMoved(ada.page, meeting.id, back);
  await manager.root.getByRole('checkbox', { name: 'Select Ada', exact: true }).check();
  await expect(manager.root.getByRole('form', { name: 'Selected people' }).getByRole('combobox')).toHaveValue(
    room1,
  );
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: room1, received: 0 });
  const beforeBar = (await clientEvents(ada.page)).length;
  await manager.button('Move selected').click();
  await expectMoved(ada.page, room1, beforeBar);
  expect((await switches(ada.page)).at(-1)).toBe('warm');
  await expect(manager.root.getByRole('form', { name: 'Selected people' })).toBeHidden();
  await expectMediaFrom(ada, 'Bo');
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });
});

test('a late joiner waits warm where placing the late joiners would put them; the host places them and the call goes there warm', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const meeting = await setup.api.createMeeting('Warm late joiner');
  const { person: bo, id: boId } = await setup.participantJoins(browser, meeting.id, 'Bo');
  const [room] = (await setup.breakout.createRooms(meeting.id, ['Room 1'])) as [string];
  await setup.breakout.move(meeting.id, meeting.id, room, [boId]);
  await expectMoved(bo.page, room, 0);

  // Ada arrives while the room runs: her call is in the main meeting, and her page waits in Room 1,
  // where placing the late joiners would put her, receiving nothing and seen by nobody.
  const { person: ada, id: adaId } = await setup.participantJoins(browser, meeting.id, 'Ada');
  expect(await mediaRoomOf(ada.page)).toBe(meeting.id);
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room, identity: adaId, received: 0 });
  await ada.page.waitForTimeout(1000);
  expect(await warmOf(ada.page)).toMatchObject({ received: 0 });
  expect(await remoteIdentities(bo.page)).not.toContain(adaId);

  // The host, in the manager, assigns the waiting person to the smallest room: no pick came first, and
  // the call still takes the connection already waiting there.
  const page = await (await setup.openContext(browser, true)).newPage();
  await page.goto(`/dashboard/meetings/${meeting.id}`);
  const manager = new BreakoutManagerPanel(
    page,
    page.locator('section').filter({ has: page.getByRole('heading', { name: 'Breakout rooms', level: 2 }) }),
  );
  await expect(manager.root.getByText('1 person is waiting in the main meeting')).toBeVisible();
  const adaSeen = (await clientEvents(ada.page)).length;
  await manager.button('Assign to the smallest room').click();
  await expectMoved(ada.page, room, adaSeen);
  expect(await switches(ada.page)).toEqual(['warm']);
  await expectMediaFrom(ada, 'Bo');
  await expectMediaFrom(bo, 'Ada');
  // In the room, the way back is what waits now.
  await expect.poll(() => warmOf(ada.page)).toMatchObject({ room: meeting.id, received: 0 });
});
