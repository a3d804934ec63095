import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { expectMediaFrom, inboundByName } from './pages/media-stats';
import type { MeetingPage } from './pages/meeting-page';
import type { RestApi } from './pages/rest-api';

// A video that stops because the media server and a page disagree about it comes back by itself. With
// dynacast the server tells each publisher which of its layers someone watches, and says it once, so a
// lost message used to leave a camera paused for good (seen after room switches). Each test makes one side
// wrong on purpose, on the real media server, and watches the video come back:
// - the publisher's encoder paused while the server wants it on (lib/client/media/layer-sync.ts);
// - the server told that the only viewer watches nothing while the viewer's tile is on screen
//   (lib/client/media/stall-watch.ts).

test.describe.configure({ mode: 'serial' });

const setup = new CallSetup();
let api: RestApi;

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e video recovery');
  ({ api } = setup);
});

test.afterEach(() => setup.closeContexts());

async function twoInACall(browser: Parameters<CallSetup['openContext']>[0]) {
  const meeting = await api.createMeeting('Recovery check');
  const { person: ada } = await setup.participantJoins(browser, meeting.id, 'Ada');
  const { person: ben } = await setup.participantJoins(browser, meeting.id, 'Ben');
  await expectMediaFrom(ben, ada);
  return { ada, ben };
}

/** Frames Ben decoded from Ada over the next `ms`. */
async function newFramesOver(ben: MeetingPage, ms: number) {
  const before = (await inboundByName(ben.page)).Ada?.video ?? 0;
  await ben.page.waitForTimeout(ms);
  return ((await inboundByName(ben.page)).Ada?.video ?? 0) - before;
}

test('a camera whose encoder was left paused, though someone watches, is sending again within 20 s', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { ada, ben } = await twoInACall(browser);

  // What a lost "someone watches" leaves behind: Ada's camera sender with its layer switched off.
  const paused = await cameraLayersOn(ada, false);
  expect(paused, "Ada's camera layer after pausing it").toEqual([false]);

  // Ada's page asks the server to repeat its request (2 s after publishing, then every 15 s); the server
  // says someone watches, LiveKit turns the layer back on, and Ben receives her video again.
  const since = Date.now();
  await expect
    .poll(() => cameraLayersOn(ada), { timeout: 20_000, message: "Ada's camera layer is on again" })
    .toEqual([true]);
  console.log(`Ada's camera layer was on again after ${((Date.now() - since) / 1000).toFixed(1)} s`);
  await expectMediaFrom(ben, ada);
});

/** Whether each layer of the page's camera sender is on; with `set`, sets them all first. */
function cameraLayersOn(person: MeetingPage, set?: boolean): Promise<boolean[]> {
  return person.page.evaluate(async (value) => {
    interface LocalLike {
      videoTrackPublications: Map<string, { track?: { sender?: RTCRtpSender } }>;
    }
    const w = window as unknown as { __breakout: { room: { localParticipant: LocalLike } } };
    const sender = [...w.__breakout.room.localParticipant.videoTrackPublications.values()][0]!.track!.sender!;
    if (value !== undefined) {
      const params = sender.getParameters();
      for (const e of params.encodings) e.active = value;
      await sender.setParameters(params);
    }
    return sender.getParameters().encodings.map((e) => e.active !== false);
  }, set);
}

test('a viewer whose tile froze because the server thought nobody watched asks again and sees video', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { ben } = await twoInACall(browser);

  // The server is told that Ben, Ada's only viewer, watches nothing, while Ben's page still shows her
  // tile and believes it asked for it: what a lost or stale subscription setting leaves behind.
  await ben.page.evaluate(() => {
    const w = window as unknown as {
      __breakout: {
        room: {
          remoteParticipants: Map<string, { name?: string; videoTrackPublications: Map<string, PubLike> }>;
        };
      };
    };
    interface PubLike {
      setEnabled(on: boolean): void;
      requestedDisabled?: boolean;
    }
    const adaPub = [
      ...[...w.__breakout.room.remoteParticipants.values()]
        .find((p) => p.name === 'Ada')!
        .videoTrackPublications.values(),
    ][0]!;
    adaPub.setEnabled(false); // sent to the server
    adaPub.requestedDisabled = undefined; // the page's own view is back to "shown", with nothing sent
  });
  // The server pauses Ada's camera after its pause delay (5 s), so Ben's tile freezes.
  await expect
    .poll(() => newFramesOver(ben, 1500), { timeout: 20_000, message: "Ben's tile of Ada freezes" })
    .toBe(0);

  // Ben's page notices the frozen tile (6 s without a frame) and asks again; Ada's camera resumes.
  await expect
    .poll(() => newFramesOver(ben, 1000), { timeout: 30_000, message: 'Ben receives video from Ada again' })
    .toBeGreaterThan(0);
  expect(await ben.page.evaluate(() => window.__breakout!.videoNudges())).toBeGreaterThanOrEqual(1);
});
