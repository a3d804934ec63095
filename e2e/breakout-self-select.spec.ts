import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { BreakoutManagerPanel, expectMoved, mediaRoomOf, type BreakoutApi } from './pages/breakout';
import { inboundByName } from './pages/media-stats';
import { MeetingPage } from './pages/meeting-page';
import type { RestApi } from './pages/rest-api';

// "Let participants choose" end to end with real media: the host opens choosing with one seat per room
// from the manager; two participants with the default preset (which cannot switch rooms) pick. The first
// lands in her room with media; the second sees it Full, is refused a room whose last seat went without
// his page hearing of it, and takes another. Three pages in all.

const setup = new CallSetup();
let api: RestApi;
let breakout: BreakoutApi;

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e self-select');
  ({ api, breakout } = setup);
});

test.afterEach(() => setup.closeContexts());

const banner = (p: MeetingPage) => p.page.getByRole('region', { name: 'Your room' });

test('participants choose rooms with one seat each: the first lands with media, the second finds it Full and takes another', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const meeting = await api.createMeeting('Choose your table');
  const host = await setup.hostJoins(browser, meeting.id);
  const { person: ada } = await setup.participantJoins(browser, meeting.id, 'Ada');
  const { person: ben } = await setup.participantJoins(browser, meeting.id, 'Ben');
  const cy = await api.addParticipant(meeting.id, 'Cy'); // never opens a page: a seat the host places
  const [room1, room2, room3] = (await breakout.createRooms(meeting.id, ['Room 1', 'Room 2', 'Room 3'])) as [
    string,
    string,
    string,
  ];

  // Before choosing opens, the default preset has no way into a room.
  await expect(banner(ada)).toContainText('breakout rooms are running');
  await expect(ada.page.getByRole('heading', { name: 'Choose a room' })).toHaveCount(0);

  const manager = await BreakoutManagerPanel.openInCall(host.page);
  await manager.root.getByRole('spinbutton', { name: 'Seats per room' }).fill('1');
  // The switch shows the server's state: it turns on when the change comes back on the event stream.
  await manager.root.getByRole('switch', { name: 'Let participants choose' }).click();
  await expect(manager.root.getByRole('switch', { name: 'Let participants choose' })).toBeChecked();

  // Both see the rooms with their seats; Ada takes Room 1.
  for (const p of [ada, ben]) {
    await expect(p.page.getByRole('heading', { name: 'Choose a room' })).toBeVisible();
    await expect(p.page.getByRole('listitem', { name: 'Room 1' })).toContainText('0 of 1');
  }
  await ada.page.getByRole('button', { name: 'Join Room 1' }).click();
  await expectMoved(ada.page, room1, 0, 30_000);
  await expect(banner(ada)).toContainText('You are in Room 1');
  expect(await mediaRoomOf(ada.page)).toBe(room1);

  // Ben's list follows: Room 1 is Full and cannot be clicked.
  const full = ben.page.getByRole('button', { name: 'Full Room 1' });
  await expect(full).toBeDisabled();
  await expect(ben.page.getByRole('listitem', { name: 'Room 1' })).toContainText('1 of 1');

  // Ben clicks Join Room 2 after its last seat went to someone else without his page knowing: his event
  // stream is closed (as a dropped connection leaves it) while the host places Cy there (hosts go past the
  // cap), so his list still offers the seat. His request reaches the server, which refuses it in words;
  // his stream then resumes.
  await ben.page.evaluate(() => window.__breakoutClient!.stop());
  await breakout.move(meeting.id, meeting.id, room2, [cy.id]);
  await ben.page.getByRole('button', { name: 'Join Room 2' }).click();
  await expect(banner(ben).getByRole('alert')).toHaveText('Room 2 is full (1 of 1).');
  await ben.page.evaluate(() => window.__breakoutClient!.start());
  await expect(ben.page.getByRole('button', { name: 'Full Room 2' })).toBeDisabled();

  // He takes Room 3.
  await ben.page.getByRole('button', { name: 'Join Room 3' }).click();
  await expectMoved(ben.page, room3, 0, 30_000);
  await expect(banner(ben)).toContainText('You are in Room 3');
  await expect(ada.page.getByRole('button', { name: 'Full Room 3' })).toBeDisabled();
  const state = await breakout.state(meeting.id);
  expect(state.meetings.map((m) => m.participants.map((p) => p.name))).toEqual([['Ada'], ['Cy'], ['Ben']]);

  // Ada's camera and microphone came with her: the host visits Room 1 (hosts go past the cap) and
  // receives her video and audio there.
  await manager.root.getByRole('button', { name: 'Visit Room 1' }).click();
  await expectMoved(host.page, room1, 0, 30_000);
  const from = async () => (await inboundByName(host.page)).Ada ?? { audio: 0, video: 0 };
  const first = await from();
  await expect
    .poll(async () => (await from()).video, { timeout: 60_000, intervals: [1000] })
    .toBeGreaterThan(first.video);
  await expect
    .poll(async () => (await from()).audio, { timeout: 60_000, intervals: [1000] })
    .toBeGreaterThan(first.audio);
});
