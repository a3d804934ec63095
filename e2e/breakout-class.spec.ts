import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import {
  BreakoutManagerPanel,
  clientEvents,
  expectMoved,
  mediaRoomOf,
  type BreakoutApi,
} from './pages/breakout';
import { expectMediaFrom } from './pages/media-stats';
import type { RestApi } from './pages/rest-api';

// Running a class: a teacher in the call, two students connected and one invited who never came. The
// manager places only people who are here and keeps the teacher's own choices, keeps the call's controls
// in reach, moves focus where the next step is, and a close countdown runs on the server: everyone sees
// it, and the rooms close even after the teacher's page is gone.

test.describe.configure({ mode: 'serial' });

const setup = new CallSetup();
let api: RestApi;
let breakout: BreakoutApi;

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e breakout class');
  ({ api, breakout } = setup);
});

test.afterEach(() => setup.closeContexts());

test('a teacher assigns only who is here, keeps a manual choice, and closes rooms with a countdown that runs without their page', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const meeting = await api.createMeeting('Class 7B');
  const host = await setup.hostJoins(browser, meeting.id);
  const { person: ada } = await setup.participantJoins(browser, meeting.id, 'Ada');
  const { person: ben } = await setup.participantJoins(browser, meeting.id, 'Ben');
  await api.addParticipant(meeting.id, 'Zed Absent'); // invited, never joins

  // The manager sits beside the call: Chat and Leave stay visible and usable; Broadcast and the help
  // inbox are in the panel.
  const manager = await BreakoutManagerPanel.openInCall(host.page);
  for (const name of ['Chat', 'Leave meeting']) {
    await expect(host.button(name)).toBeVisible();
    await host.button(name).click({ trial: true, timeout: 5000 });
  }
  await expect(manager.button('Broadcast')).toBeVisible();
  await expect(manager.root.getByRole('region', { name: 'Help requests' })).toBeVisible();

  // Counts speak of who is here.
  await expect(manager.root.getByText(/About 1 person per room \(2 here to place\)/)).toBeVisible();
  await expect(manager.root.getByText(/1 more is invited but not connected/)).toBeVisible();

  // Create rooms: focus moves to the next step, not to the page body.
  await manager.createRooms(2);
  await expect(manager.button('Assign evenly at random')).toBeFocused();
  await expect(
    manager.room('Not assigned').getByRole('list', { name: 'Not connected in Not assigned' }),
  ).toContainText('Zed Absent');

  // A manual choice, then assign evenly: it stays, Ben fills the other room, Zed stays unassigned.
  await manager.moveOne('Ada', 'Room 2', 'Assign');
  await expect.poll(() => manager.peopleIn('Room 2')).toEqual(['Ada']);
  await manager.button('Assign evenly at random').click();
  await expect.poll(() => manager.peopleIn('Room 1')).toEqual(['Ben']);
  await expect.poll(() => manager.peopleIn('Room 2')).toEqual(['Ada']);
  await expect.poll(() => manager.peopleIn('Not assigned')).toEqual(['Hana Host', 'Zed Absent']);
  // Undo takes the spread back, one step.
  await manager.button('Undo').click();
  await expect.poll(() => manager.peopleIn('Room 1')).toEqual([]);
  await expect.poll(() => manager.peopleIn('Room 2')).toEqual(['Ada']);
  await manager.button('Assign evenly at random').click();
  await expect.poll(() => manager.peopleIn('Room 1')).toEqual(['Ben']);

  // Start: focus lands on the summary of the running rooms, and it is announced.
  await manager.button('Start breakout rooms').click();
  await expect(manager.root.getByText(/2 rooms running/)).toBeFocused();
  await expect(manager.root.getByRole('status').filter({ hasText: 'Breakout rooms started' })).toBeAttached();
  const room1 = await breakout.roomId(meeting.id, 'Room 1');
  const room2 = await breakout.roomId(meeting.id, 'Room 2');
  const adaAt = await expectMoved(ada.page, room2, 0);
  const benAt = await expectMoved(ben.page, room1, 0);

  // Close in 10 s, then the teacher's page goes away before zero.
  await manager.closeAll('In 10 seconds');
  await expect(manager.root.getByText(/Rooms close in/)).toBeVisible();
  for (const p of [ada, ben]) {
    await expect(p.page.getByRole('region', { name: 'Your room' })).toContainText('Rooms close in');
    await expect(
      p.page.getByRole('status').filter({ hasText: /Breakout rooms close in \d+ seconds/ }),
    ).toBeAttached();
  }
  await host.page.close();

  // At zero the server closes the rooms: both are back in the main meeting, seeing each other.
  const adaBack = await expectMoved(ada.page, meeting.id, adaAt, 40_000);
  const benBack = await expectMoved(ben.page, meeting.id, benAt, 40_000);
  // The countdown is gone with the rooms (the banner itself hides once no room runs).
  for (const p of [ada, ben]) await expect(p.page.getByText(/Rooms close in/)).toHaveCount(0);
  await expectMediaFrom(ada, ben);
  await expectMediaFrom(ben, ada);
  const state = await breakout.state(meeting.id);
  expect(state.meetings).toEqual([]);

  // Everyone but the teacher into one room: fewer stay than move, so the move comes compact, naming the
  // one who stays. Each page works out who moved from what it knows, without opening a new stream.
  const fresh = new Map([ada, ben].map((p) => [p, 0]));
  for (const p of [ada, ben]) {
    p.page.on('request', (r) => {
      if (/\/events\?moves=grouped$/.test(r.url())) fresh.set(p, fresh.get(p)! + 1);
    });
  }
  const [hall] = await breakout.createRooms(meeting.id, ['Hall']);
  const students = state.parent_meeting.participants.filter((p) => p.name !== 'Hana Host');
  expect(students.map((p) => p.name).sort()).toEqual(['Ada', 'Ben', 'Zed Absent']);
  await breakout.move(
    meeting.id,
    meeting.id,
    hall!,
    students.map((p) => p.id),
  );
  await expectMoved(ada.page, hall!, adaBack);
  await expectMoved(ben.page, hall!, benBack);
  for (const p of [ada, ben]) {
    const seen = await p.page.evaluate(() => {
      const c = window.__breakoutClient!;
      const names = (m: { participants: Array<{ name: string }> }) =>
        m.participants.map((x) => x.name).sort();
      return { main: names(c.parentMeeting), rooms: c.meetings.map(names) };
    });
    expect(seen).toEqual({ main: ['Hana Host'], rooms: [['Ada', 'Ben', 'Zed Absent']] });
  }
  await expectMediaFrom(ada, ben);
  for (const [p, count] of fresh) expect(count, `${p.name}'s new event streams`).toBe(0);

  // A large class: seventy more invited. Sixty-six of them join the hall, then Ada and sixty-three
  // others leave it for the main meeting, Ben among the few who stay. Each move's people come as bits
  // over who was in its source meeting (naming them, or those staying, would be longer); each page
  // works them out from what it knows, still without a new stream.
  const invited: string[] = [];
  for (let i = 1; i <= 70; i++) invited.push((await api.addParticipant(meeting.id, `Guest ${i}`)).id);
  await breakout.move(meeting.id, meeting.id, hall!, invited.slice(0, 66));
  const adaInHall = (await clientEvents(ada.page)).length;
  const adaSeat = students.find((p) => p.name === 'Ada')!.id;
  await breakout.move(meeting.id, hall!, meeting.id, [adaSeat, ...invited.slice(0, 63)]);
  await expectMoved(ada.page, meeting.id, adaInHall);
  const seen = async (page: typeof ada.page) =>
    page.evaluate(() => {
      const c = window.__breakoutClient!;
      const names = (m: { participants: Array<{ name: string }> }) => m.participants.map((x) => x.name);
      return { main: names(c.parentMeeting).length, hall: names(c.meetings[0]!).sort() };
    });
  const hallNow = ['Ben', 'Guest 64', 'Guest 65', 'Guest 66', 'Zed Absent'];
  for (const p of [ada, ben])
    await expect.poll(() => seen(p.page)).toEqual({ main: 1 + 64 + 4, hall: hallNow });
  const stream = await breakout.state(meeting.id);
  expect(stream.meetings[0]!.participants.map((x) => x.name).sort()).toEqual(hallNow);
  expect(await mediaRoomOf(ben.page)).toBe(hall);
  for (const [p, count] of fresh) expect(count, `${p.name}'s new event streams`).toBe(0);
});
