// The media server dies in the middle of a breakout and comes back: every page must be in its own media
// room again, with media, and a move made while it was down must land in the new room, not the old one.
// How long that took is printed with the machine's idle CPU (the aim is 10 s; here it is 7 to 12 s with
// three browsers, a media server and two app instances on two cores): a deadline on a loaded machine would
// judge the machine. The test's own limit is 30 s per page. The spec runs its own LiveKit server and app instance (own embedded database), so it can
// kill the media server without touching the suite's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { RoomServiceClient } from 'livekit-server-sdk';
import { LOCAL_LIVEKIT } from '../scripts/livekit';
import { machineCpu } from '../scripts/machine-cpu';
import {
  AUTH_SECRET,
  AppInstance,
  OwnLivekit,
  faultPorts,
  hasMedia,
  joinCall,
  measured,
  mediaRoom,
  setUpMeeting,
} from './fault-stack';

test.skip(!!process.env.BASE_URL, 'starts and kills a media server of its own');

const ports = faultPorts(0);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-e2e-lk-fault-'));
const appUrl = `http://127.0.0.1:${ports.apps[0]}`;
const livekit = new OwnLivekit(ports.livekit, `${appUrl}/api/livekit/webhook`);
const app = new AppInstance('media-fault', ports.apps[0]!, {
  PGLITE_DIR: path.join(dataDir, 'pglite'),
  AUTH_SECRET,
  APP_URL: appUrl,
  ...livekit.env,
});

test.afterAll(() => {
  app.kill();
  livekit.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('after the media server restarts, every page is back in its own room with media', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  await livekit.start();
  await app.start();
  const setup = await setUpMeeting(browser, appUrl, ['Room 1'], ['Ann', 'Bob', 'Cy']);
  const { meeting, breakout } = setup;
  const [room1] = setup.roomIds as [string];
  const [ann, bob, cy] = await Promise.all(setup.seats.map((s) => joinCall(browser, s.join_url, s.name)));
  const seatOf = (name: string) => setup.seats.find((s) => s.name === name)!.id;

  // Ann and Bob talk in Room 1; Cy waits in the main meeting.
  await breakout.move(meeting.id, meeting.id, room1, [seatOf('Ann'), seatOf('Bob')]);
  await expect.poll(() => hasMedia(ann!.page, room1, ['Bob']), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => hasMedia(bob!.page, room1, ['Ann']), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => mediaRoom(cy!.page)).toBe(meeting.id);

  // The media server dies. While it is down, the host moves Cy into Room 1: her page hears of it on the
  // event stream but has no media server to move to.
  livekit.kill();
  await breakout.move(meeting.id, meeting.id, room1, [seatOf('Cy')]);
  await new Promise((r) => setTimeout(r, 3000));

  const restarted = Date.now();
  const cpuAtRestart = machineCpu();
  await livekit.start();
  const everyone = [ann!, bob!, cy!];
  await Promise.all(
    everyone.map(async (p) => {
      const others = everyone.filter((o) => o !== p).map((o) => o.name);
      await expect
        .poll(() => hasMedia(p.page, room1, others), { timeout: 30_000, intervals: [250] })
        .toBe(true);
      measured(
        `${p.name} back in Room 1 with media after the media server restarted`,
        Date.now() - restarted,
      );
    }),
  );
  measured('every page back with media', Date.now() - restarted, cpuAtRestart);

  // Nobody is in a wrong room on the media server: the main meeting's room is empty, Room 1 has all three.
  const media = new RoomServiceClient(
    `http://127.0.0.1:${ports.livekit}`,
    LOCAL_LIVEKIT.apiKey,
    LOCAL_LIVEKIT.apiSecret,
  );
  const identities = async (room: string) =>
    (await media.listParticipants(room).catch(() => [])).map((p) => p.identity).sort();
  expect(await identities(meeting.id)).toEqual([]);
  expect(await identities(room1)).toEqual(setup.seats.map((s) => s.id).sort());
  const state = await breakout.state(meeting.id);
  expect(
    state.meetings
      .find((m) => m.id === room1)!
      .participants.map((p) => p.name)
      .sort(),
  ).toEqual(['Ann', 'Bob', 'Cy']);
  await setup.dispose();
});
