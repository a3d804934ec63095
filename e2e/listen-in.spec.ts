import type { Page } from '@playwright/test';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { BreakoutManagerPanel, expectMoved, mediaRoomOf } from './pages/breakout';

// Listen in and activity: a host in the main meeting listens to Room 1 through a hidden, audio-only
// connection, hears it (inbound audio bytes from that room rise, no video arrives), stays in the main
// meeting, and the room's people do not see the listener; the manager shows who in the room is speaking.

const setup = new CallSetup();

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e listen in');
});

test.afterEach(() => setup.closeContexts());

type Received = Record<string, { kind: string; bytes: number; frames: number }>;

/**
 * What the host's page has received, per track (getStats() of every open connection: the main meeting's,
 * the activity view's and the listening one), and the ids of the listening connection's tracks.
 */
function received(page: Page): Promise<{ tracks: Received; listening: string[] }> {
  return page.evaluate(async () => {
    const w = window as unknown as {
      __pcs: RTCPeerConnection[];
      __listenRoom?: {
        remoteParticipants: Map<
          string,
          { trackPublications: Map<string, { track?: { mediaStreamTrack: MediaStreamTrack } }> }
        >;
      };
    };
    const listening: string[] = [];
    for (const p of w.__listenRoom?.remoteParticipants.values() ?? [])
      for (const pub of p.trackPublications.values())
        if (pub.track) listening.push(pub.track.mediaStreamTrack.id);
    const tracks: Received = {};
    for (const pc of w.__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        tracks[s.trackIdentifier as string] = {
          kind: s.kind as string,
          bytes: Number(s.bytesReceived ?? 0),
          frames: Number(s.framesDecoded ?? 0),
        };
      });
    }
    return { tracks, listening };
  });
}

/**
 * Audio bytes that arrived between two readings, and video tracks that appeared or decoded frames, over
 * the tracks `only` names (all by default).
 */
function arrived(before: Received, after: Received, only?: string[]) {
  const out = { audio: 0, video: 0 };
  for (const [id, t] of Object.entries(after)) {
    if (only && !only.includes(id)) continue;
    const was = before[id];
    if (t.kind === 'audio') out.audio += t.bytes - (was?.bytes ?? 0);
    if (t.kind === 'video' && (!was || t.frames > was.frames)) out.video += 1;
  }
  return out;
}

test('a host hears a room without entering it, unseen, and sees who is speaking there', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const meeting = await setup.api.createMeeting('Listening workshop');
  const host = await setup.hostJoins(browser, meeting.id);
  const ada = await setup.participantJoins(browser, meeting.id, 'Ada');
  const ben = await setup.participantJoins(browser, meeting.id, 'Ben');
  const [room1] = await setup.breakout.createRooms(meeting.id, ['Room 1']);
  await setup.breakout.move(meeting.id, meeting.id, room1!, [ada.id, ben.id]);
  await expectMoved(ada.person.page, room1!, 0);
  await expectMoved(ben.person.page, room1!, 0);

  const beforeWatching = (await received(host.page)).tracks;
  const manager = await BreakoutManagerPanel.openInCall(host.page);
  const room = manager.room('Room 1');
  // The activity view names who speaks in Room 1 and counts microphones and cameras, all from the media
  // server's signalling: its audio subscriptions are paused before they are made, so the host's page
  // (alone in the main meeting now) gets no video and no sound meanwhile (flowing sound brings several KB
  // a second).
  await expect(room.getByLabel('Activity')).toContainText('mic on: 2 · camera on: 2', { timeout: 30_000 });
  // First the media server's own word, as Ada's page gets it: someone in Room 1 speaks.
  await expect
    .poll(
      () =>
        ada.person.page.evaluate(() =>
          (window.__breakout?.room?.activeSpeakers ?? []).map((p) => p.name ?? p.identity),
        ),
      { timeout: 30_000, message: 'the media server names a speaker in Room 1' },
    )
    .not.toEqual([]);
  await expect(room.getByLabel('Activity')).toContainText(/Speaking: (Ada|Ben)/, { timeout: 30_000 });
  const watching = arrived(beforeWatching, (await received(host.page)).tracks);
  expect(watching.video, 'watching receives no video').toBe(0);
  expect(watching.audio, 'watching receives no sound').toBeLessThan(500);

  await manager.button('Listen to Room 1').click();
  await expect(host.page.getByRole('region', { name: 'Listening' })).toContainText('Listening to Room 1');
  const first = (await received(host.page)).tracks;
  const listened = async () => {
    const now = await received(host.page);
    return { ...arrived(first, now.tracks, now.listening), tracks: now.listening };
  };
  await expect
    .poll(async () => (await listened()).audio, { timeout: 20_000, intervals: [1000] })
    .toBeGreaterThan(2000);
  const { video, tracks: listening } = await listened();
  expect(video, 'no video reaches the listener').toBe(0);

  // The host is still in the main meeting, and nobody in Room 1 sees a listener.
  expect(await mediaRoomOf(host.page)).toBe(meeting.id);
  const seenInRoom = (page: Page) =>
    page.evaluate(() =>
      [...(window.__breakout?.room?.remoteParticipants.values() ?? [])].map((p) => p.name ?? p.identity),
    );
  expect((await seenInRoom(ada.person.page)).sort()).toEqual(['Ben']);
  expect((await seenInRoom(ben.person.page)).sort()).toEqual(['Ada']);

  // Stop closes the listening connection: none of its tracks is received any more.
  await host.page.getByRole('button', { name: 'Stop listening' }).click();
  await expect(host.page.getByRole('region', { name: 'Listening' })).toHaveCount(0);
  await expect
    .poll(async () => Object.keys((await received(host.page)).tracks).filter((id) => listening.includes(id)))
    .toEqual([]);
});
