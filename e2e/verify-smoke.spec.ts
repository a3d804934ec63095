// The deployment verifier's short set (`npm run verify -- --smoke <url>`): the host signs in, makes one
// meeting, two people join it with camera and microphone and see each other, one is moved into a room and
// back, and they see each other again. Tagged @smoke. It runs against a deployment only: on the local
// stack the breakout and media specs already cover each of these steps.
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { expectMoved, clientEvents } from './pages/breakout';
import { expectMediaFrom } from './pages/media-stats';

test.describe.configure({ mode: 'serial' });
test.skip(!process.env.BASE_URL, 'the verifier’s short set; locally the breakout and media specs cover it');

const setup = new CallSetup();

test.beforeAll(async ({ browser, hostAccount, baseURL }) => {
  await setup.signIn(browser, hostAccount, baseURL, 'verify smoke');
});

test.afterEach(() => setup.closeContexts());

test('@smoke sign in, one meeting, two people with media, one move into a room and back', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const meeting = await setup.api.createMeeting('Verify smoke');
  const { person: ada } = await setup.participantJoins(browser, meeting.id, 'Ada', 'host');
  const { person: ben, id: benId } = await setup.participantJoins(browser, meeting.id, 'Ben');
  await expectMediaFrom(ada, 'Ben');
  await expectMediaFrom(ben, 'Ada');

  const [room] = await setup.breakout.createRooms(meeting.id, ['Room 1']);
  let seen = (await clientEvents(ben.page)).length;
  await setup.breakout.move(meeting.id, meeting.id, room!, [benId]);
  seen = await expectMoved(ben.page, room!, seen);
  await expect(ben.tile('Ada')).toHaveCount(0);

  await setup.breakout.move(meeting.id, room!, meeting.id, [benId]);
  await expectMoved(ben.page, meeting.id, seen);
  await expectMediaFrom(ada, 'Ben');
  await expectMediaFrom(ben, 'Ada');
});
