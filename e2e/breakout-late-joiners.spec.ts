import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { mediaRoomOf, type BreakoutApi } from './pages/breakout';
import { outboundBytes } from './pages/media-stats';
import type { RestApi } from './pages/rest-api';

// Auto-place late joiners in a real browser with real media: one page. The server places the newcomer
// when their page asks for its media token, so the page goes straight to the room with the fewest people.

const setup = new CallSetup();
let api: RestApi;
let breakout: BreakoutApi;

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e late joiners');
  ({ api, breakout } = setup);
});

test.afterEach(() => setup.closeContexts());

test('with auto-place on, someone joining while rooms run lands in the room with the fewest people, with media', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const meeting = await api.createMeeting('Late arrivals');
  const [room1, room2] = (await breakout.createRooms(meeting.id, ['Room 1', 'Room 2'])) as [string, string];
  const early = await api.addParticipant(meeting.id, 'Early'); // a seat the host placed; never opens a page
  await breakout.move(meeting.id, meeting.id, room1, [early.id]);
  await breakout.setAutoPlace(meeting.id, true);

  const { person: lia } = await setup.participantJoins(browser, meeting.id, 'Lia');
  await expect(lia.page.getByRole('region', { name: 'Your room' })).toContainText('You are in Room 2');
  await expect.poll(() => mediaRoomOf(lia.page), { timeout: 30_000 }).toBe(room2);
  const state = await breakout.state(meeting.id);
  expect(state.meetings.map((m) => m.participants.map((p) => p.name))).toEqual([['Early'], ['Lia']]);
  // Her microphone is live in that room: the bytes she sends keep rising.
  const first = (await outboundBytes(lia.page)).audio;
  await expect
    .poll(async () => (await outboundBytes(lia.page)).audio, { timeout: 30_000, intervals: [1000] })
    .toBeGreaterThan(first);
});
