import type { Browser, Page } from '@playwright/test';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import {
  BreakoutManagerPanel,
  clientEvents,
  expectMoved,
  mediaRoomOf,
  type BreakoutApi,
} from './pages/breakout';
import { inboundByName } from './pages/media-stats';
import { MeetingPage } from './pages/meeting-page';
import type { RestApi } from './pages/rest-api';

// Breakout rooms end to end: real LiveKit, real Chromium with its fake camera and microphone, one browser
// context per person (five at most: two cores carry everything). Moves are observed through the page's
// breakout client (a test hook records changingMeeting/meetingChanged) and media through
// RTCPeerConnection.getStats() only.

test.describe.configure({ mode: 'serial' });

const LEAVE_GRACE_MS = 4000; // lib/breakout/enforce.ts

const setup = new CallSetup();
let api: RestApi;
let breakout: BreakoutApi;

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e breakout');
  ({ api, breakout } = setup);
});

test.afterEach(() => setup.closeContexts());

const openContext = (browser: Browser, signedInHost: boolean) => setup.openContext(browser, signedInHost);

async function hostJoins(browser: Browser, meetingId: string) {
  const host = new MeetingPage(await (await openContext(browser, true)).newPage(), 'Hana Host');
  await host.page.goto(`/dashboard/meetings/${meetingId}`);
  await host.page.getByRole('button', { name: 'Join meeting' }).click();
  await expect(host.page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
  await host.join();
  return host;
}

const participantJoins = (browser: Browser, meetingId: string, name: string, preset?: string) =>
  setup.participantJoins(browser, meetingId, name, preset);

interface VideoSample {
  byName: Record<string, number>;
  /** Frames of streams no remote participant of the current room owns (another room's, say). */
  unowned: number;
}

/** framesDecoded per sender over every open peer connection, named through the page's current Room. */
function videoSample(page: Page): Promise<VideoSample> {
  return page.evaluate(async () => {
    const w = window as unknown as { __pcs: RTCPeerConnection[] };
    const owner = new Map<string, string>();
    for (const p of window.__breakout?.room?.remoteParticipants.values() ?? []) {
      for (const pub of p.trackPublications.values()) {
        if (pub.track) owner.set(pub.track.mediaStreamTrack.id, p.name || p.identity);
      }
    }
    const out = { byName: {} as Record<string, number>, unowned: 0 };
    for (const pc of w.__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
        const frames = Number(s.framesDecoded ?? 0);
        const name = owner.get(s.trackIdentifier as string);
        if (name) out.byName[name] = (out.byName[name] ?? 0) + frames;
        else out.unowned += frames;
      });
    }
    return out;
  });
}

/**
 * This page receives video from exactly `names` (its roommates) and from nobody else: between two
 * consecutive polls, the decoded frames rise for those senders only.
 */
async function expectVideoFromExactly(person: MeetingPage, names: string[]) {
  let previous: VideoSample | undefined;
  const pollVideoFrom = () =>
    expect
      .poll(
        async () => {
          const now = await videoSample(person.page);
          const before = previous;
          previous = now;
          if (!before) return 'first reading';
          const rising = Object.keys(now.byName).filter((n) => now.byName[n]! > (before.byName[n] ?? 0));
          return { names: rising.sort(), unowned: now.unowned > before.unowned };
        },
        { timeout: 90_000, intervals: [1000], message: `${person.name} receives video from` },
      )
      .toEqual({ names: [...names].sort(), unowned: false });

  await test.step(`${person.name} receives video from ${names.join(', ') || 'nobody'}`, async () => {
    try {
      await pollVideoFrom();
    } catch (error) {
      // Say why: what the page's room holds of each remote person, and whether their tile is on screen.
      (error as Error).message +=
        `\n${person.name}'s view: ${JSON.stringify(await mediaDiagnosis(person.page), null, 1)}`;
      throw error;
    }
  });
}

/** The page's media room, each remote person's publications and tiles, for a failure message. */
function mediaDiagnosis(page: Page) {
  return page.evaluate(() => {
    const room = window.__breakout?.room;
    const tiles = [...document.querySelectorAll('figure')].map((f) => {
      const r = f.getBoundingClientRect();
      return { text: f.textContent?.slice(0, 40), x: r.x, y: r.y, w: r.width, h: r.height };
    });
    return {
      room: room?.name,
      state: room?.state,
      viewport: { w: innerWidth, h: innerHeight },
      remote: [...(room?.remoteParticipants.values() ?? [])].map((p) => ({
        name: p.name,
        publications: [...p.trackPublications.values()].map((pub) => ({
          source: pub.source,
          subscribed: pub.isSubscribed,
          enabled: pub.isEnabled,
          muted: pub.isMuted,
          track: !!pub.track,
          attached: pub.track?.attachedElements.length ?? 0,
          quality: (pub as { videoQuality?: unknown }).videoQuality,
        })),
      })),
      tiles,
    };
  });
}

/** Ben's microphone stays muted where he is now, as his page and a roommate see it. */
async function expectStillMuted(ben: MeetingPage, roommate: MeetingPage) {
  await expect(ben.button('Unmute microphone')).toBeVisible();
  const mic = await ben.page.evaluate(() => {
    const pubs = [...window.__breakout!.room!.localParticipant.trackPublications.values()];
    const pub = pubs.find((p) => p.source === window.__breakout!.livekit.Track.Source.Microphone);
    return pub && { muted: pub.isMuted, enabled: pub.track?.mediaStreamTrack.enabled };
  });
  expect(mic).toEqual({ muted: true, enabled: false });
  await expect(roommate.tile('Ben').getByText('microphone off')).toHaveCount(1);
  await expectFlat(async () => (await inboundByName(roommate.page)).Ben?.audio ?? 0, 'audio from Ben');
}

/** Audio from `name` keeps arriving at this page (bytes received rise). */
async function expectAudioFrom(person: MeetingPage, name: string) {
  const first = (await inboundByName(person.page))[name]?.audio ?? 0;
  await expect
    .poll(async () => (await inboundByName(person.page))[name]?.audio ?? 0, {
      timeout: 20_000,
      intervals: [500],
    })
    .toBeGreaterThan(first);
}

/** Passes once a counter stays put between two polls two seconds apart (a muted stream has stopped). */
async function expectFlat(read: () => Promise<number>, what: string) {
  let previous: number | undefined;
  await expect
    .poll(
      async () => {
        const now = await read();
        const before = previous;
        previous = now;
        return before === undefined ? 'first reading' : now - before;
      },
      { timeout: 20_000, intervals: [2000], message: `${what} should stop rising` },
    )
    .toBe(0);
}

const banner = (p: MeetingPage) => p.page.getByRole('region', { name: 'Your room' });

test('host splits four people into two rooms; moves, visits, renames, deletes and closes with media following', async ({
  browser,
}) => {
  test.setTimeout(480_000);
  const fixed = await api.createPreset(`fixed-${Date.now().toString(36)}`, {});
  // The default participant preset stays where it is put; Ada's preset lets her choose.
  const roam = await api.createPreset(`roam-${Date.now().toString(36)}`, {
    connected_meetings: { can_switch_connected_meetings: true, can_switch_to_parent_meeting: true },
  });
  const meeting = await api.createMeeting('Workshop');
  const host = await hostJoins(browser, meeting.id);
  const { person: ada } = await participantJoins(browser, meeting.id, 'Ada', roam.name);
  const { person: ben } = await participantJoins(browser, meeting.id, 'Ben');
  const { person: cleo, id: cleoId } = await participantJoins(browser, meeting.id, 'Cleo', fixed.name);
  const { person: dan } = await participantJoins(browser, meeting.id, 'Dan');
  const people = [ada, ben, cleo, dan];
  const seen = new Map<MeetingPage, number>([host, ...people].map((p) => [p, 0]));
  const moved = async (p: MeetingPage, meetingId: string, timeout?: number) =>
    seen.set(p, await expectMoved(p.page, meetingId, seen.get(p)!, timeout));

  // Ben starts muted and must stay muted through every move.
  await ben.button('Mute microphone').click();
  await expect(ben.button('Unmute microphone')).toBeVisible();

  // The draft: two rooms, Ada and Ben by selection, Cleo by her Move select, Dan by keyboard drag.
  const manager = await BreakoutManagerPanel.openInCall(host.page);
  await expect(manager.root.getByText('About 2 people per room (4 here to place).')).toBeVisible();
  await manager.createRooms(2);
  await manager.assignSelected(['Ada', 'Ben'], 'Room 1', 'Assign');
  await manager.moveOne('Cleo', 'Room 2', 'Assign');
  await manager.keyboardDrag('Dan', 'Room 2');
  await expect.poll(() => manager.peopleIn('Room 1')).toEqual(['Ada', 'Ben']);
  await expect.poll(() => manager.peopleIn('Room 2')).toEqual(['Cleo', 'Dan']);

  await manager.button('Start breakout rooms').click();
  const room1 = await breakout.roomId(meeting.id, 'Room 1');
  const room2 = await breakout.roomId(meeting.id, 'Room 2');
  for (const p of [ada, ben]) await moved(p, room1);
  for (const p of [cleo, dan]) await moved(p, room2);
  await expect(banner(ada)).toContainText('You are in Room 1');
  // The announcement names only people already connected in the room; Ben arrives at the same moment.
  await expect(ada.page.getByRole('status').filter({ hasText: 'You are now in Room 1.' })).toBeAttached();

  // Each hears and sees only their roommate; the host, alone in the main meeting, receives nobody.
  await expectVideoFromExactly(ada, ['Ben']);
  await expectVideoFromExactly(ben, ['Ada']);
  await expectVideoFromExactly(cleo, ['Dan']);
  await expectVideoFromExactly(dan, ['Cleo']);
  await expectVideoFromExactly(host, []);
  // Ben is still muted: his button says so, his microphone is published muted in the new room, Ada sees
  // it, and the media server forwards no audio from him.
  await expectStillMuted(ben, ada);
  // Ada's microphone, on, came along: Ben hears her, and her own tile does not show it off.
  await expectAudioFrom(ben, 'Ada');
  await expect(
    ada.page.getByRole('figure').filter({ hasText: '(you)' }).getByText('microphone off'),
  ).toHaveCount(0);
  await expect(manager.room('Room 1').getByText('Connected')).toHaveCount(2);

  // Ada may switch: to Room 2, then back to the main meeting.
  await ada.button('Switch room').click();
  await ada.page.getByRole('button', { name: 'Join Room 2' }).click();
  await moved(ada, room2);
  await expectVideoFromExactly(ada, ['Cleo', 'Dan']);
  await ada.button('Return to main meeting').click();
  await moved(ada, meeting.id);
  await expect(banner(ada)).toContainText('You are in Main meeting');
  await expectVideoFromExactly(ada, ['Hana Host']);

  // Cleo may not: no controls, and the server refuses the call her page could make anyway.
  await expect(
    cleo.page.getByRole('button', { name: /Switch room|Return to main meeting|^Join / }),
  ).toHaveCount(0);
  const refused = await cleo.page.evaluate(
    async ({ main, from, to, me }) => {
      const res = await fetch(`/api/v1/meetings/${main}/connected-meetings/move`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source_meeting_id: from, destination_meeting_id: to, participant_ids: [me] }),
      });
      return { status: res.status, body: await res.text() };
    },
    { main: meeting.id, from: room2, to: room1, me: cleoId },
  );
  expect(refused.status, refused.body).toBe(403);
  expect(
    (await breakout.state(meeting.id)).meetings.find((m) => m.id === room2)!.participants.map((p) => p.name),
  ).toContain('Cleo');

  // The host visits Room 2: their own media follows.
  await manager.button('Visit Room 2').click();
  await moved(host, room2);
  await expectVideoFromExactly(host, ['Cleo', 'Dan']);
  await expectVideoFromExactly(cleo, ['Dan', 'Hana Host']);

  // Renaming shows everywhere: the manager, Ben's banner in that room, Ada's room picker.
  await manager.rename('Room 1', 'Design');
  await expect(banner(ben)).toContainText('You are in Design');
  await ada.button('Switch room').click();
  await expect(ada.page.getByRole('list', { name: 'Open rooms' })).toContainText('Design');

  // Deleting Design and closing all are compact moves (nobody is left in the rooms they leave): each page
  // works out who moved from what it knows, and none starts its event stream over from a snapshot.
  const freshStreams = new Map([host, ...people].map((p) => [p, 0]));
  for (const p of [host, ...people]) {
    p.page.on('request', (r) => {
      if (/\/events\?moves=grouped$/.test(r.url())) freshStreams.set(p, freshStreams.get(p)! + 1);
    });
  }

  // Deleting Design returns Ben to the main meeting, with media and still muted.
  await manager.room('Design').getByRole('button', { name: 'Delete Design' }).click();
  await host.page.getByRole('dialog').getByRole('button', { name: 'Delete Design' }).click();
  await moved(ben, meeting.id);
  await expectVideoFromExactly(ben, ['Ada']);
  await expectVideoFromExactly(ada, ['Ben']);
  await expectStillMuted(ben, ada);

  // Close all: everyone is carried back to the main meeting with media.
  await manager.closeAll('Now');
  // Three pages switch at once into a room of five: on a loaded machine that takes its time.
  for (const p of [host, cleo, dan]) await moved(p, meeting.id, 45_000);
  // After three rooms, the host's page shows one video grid: one tile each, none left from earlier rooms.
  for (const p of [host, ...people]) {
    await expect(
      host.page.getByRole('figure', { name: p === host ? 'Hana Host (you)' : p.name }),
    ).toHaveCount(1);
  }
  for (const p of [host, ...people]) {
    const others = [host, ...people].filter((o) => o !== p).map((o) => o.name);
    await expectVideoFromExactly(p, others);
  }
  for (const [p, count] of freshStreams) expect(count, `${p.name}'s new event streams`).toBe(0);

  // A reload inside a room lands back in that room.
  await manager.createRooms(1);
  await manager.moveOne('Dan', 'Room 1', 'Assign');
  await manager.button('Start breakout rooms').click();
  const again = await breakout.roomId(meeting.id, 'Room 1');
  await moved(dan, again);
  await dan.page.reload();
  await dan.join();
  await expect(banner(dan)).toContainText('You are in Room 1');
  expect(await mediaRoomOf(dan.page)).toBe(again);
  expect((await clientEvents(dan.page)).filter((e) => e.type === 'changingMeeting')).toEqual([]);

  // A browser that misses the move (its event stream closed) is removed from the old media room within
  // the grace period, and its page then follows the move by itself.
  await cleo.page.evaluate(() => window.__breakoutClient!.stop());
  const order = Date.now();
  await manager.moveOne('Cleo', 'Room 1', 'Move');
  await expect
    .poll(
      () =>
        host.page.evaluate(() =>
          [...window.__breakout!.room!.remoteParticipants.values()].map((p) => p.name),
        ),
      {
        timeout: LEAVE_GRACE_MS + 6000,
        intervals: [200],
      },
    )
    .not.toContain('Cleo');
  const removedAfter = Date.now() - order;
  test
    .info()
    .annotations.push({ type: 'ignoring browser removed after (ms)', description: String(removedAfter) });
  // Not before the grace period (her page did not leave by itself), and soon after it.
  expect(removedAfter).toBeGreaterThanOrEqual(LEAVE_GRACE_MS);
  expect(removedAfter).toBeLessThan(LEAVE_GRACE_MS + 6000);
  // The page learns from the server where she is now and carries her call there by itself, saying so.
  await expect.poll(() => mediaRoomOf(cleo.page), { timeout: 30_000 }).toBe(again);
  await expect(banner(cleo)).toContainText('You are in Room 1', { timeout: 30_000 });
  await expect(cleo.page.getByRole('status').filter({ hasText: 'You were moved to Room 1.' })).toBeAttached();
  await expect(cleo.page.getByRole('button', { name: 'Rejoin' })).toHaveCount(0);
  await expectVideoFromExactly(cleo, ['Dan']);
  await expectVideoFromExactly(dan, ['Cleo']);
});

test('two hosts share one draft on the dashboard, start it, and manage the live rooms together', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const meeting = await api.createMeeting('Seminar');
  for (const name of ['Ana', 'Bo', 'Cy', 'Di']) await api.addParticipant(meeting.id, name);
  const open = async () => {
    const page = await (await openContext(browser, true)).newPage();
    await page.goto(`/dashboard/meetings/${meeting.id}`);
    const section = page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name: 'Breakout rooms', level: 2 }) });
    return new BreakoutManagerPanel(page, section);
  };
  const a = await open();
  const b = await open();

  // A creates three rooms; B sees the same draft, live, and after a reload.
  // Nobody has joined: nobody is counted as here to place, and the four invited are said apart.
  await expect(a.root.getByText(/Nobody here to place yet/)).toBeVisible();
  await expect(a.root.getByText(/4 more are invited but not connected/)).toBeVisible();
  await a.root.getByLabel('Number of rooms').fill('3');
  await a.createRooms(3);
  for (const t of ['Room 1', 'Room 2', 'Room 3']) await expect(b.room(t)).toBeVisible();

  // Search narrows the unassigned list.
  await a.root.getByLabel('Search people').fill('cy');
  await expect.poll(() => a.peopleIn('Not assigned')).toEqual(['Cy']);
  await a.root.getByLabel('Search people').fill('');

  // Assign evenly places only people who are connected, unless told to include the others.
  await expect(a.button('Assign evenly at random')).toBeDisabled();
  await a.root.getByRole('checkbox', { name: 'Include people who are not connected' }).check();
  await a.button('Assign evenly at random').click();
  const sizes = async (m: BreakoutManagerPanel) =>
    Promise.all(['Room 1', 'Room 2', 'Room 3'].map(async (t) => (await m.peopleIn(t)).length)).then((l) =>
      l.sort(),
    );
  await expect.poll(() => sizes(a)).toEqual([1, 1, 2]);
  const drafted = async (m: BreakoutManagerPanel) =>
    Promise.all(['Room 1', 'Room 2', 'Room 3'].map((t) => m.peopleIn(t)));
  await expect.poll(() => drafted(b)).toEqual(await drafted(a));
  await b.page.reload();
  await expect.poll(() => drafted(b)).toEqual(await drafted(a));

  // B renames and deletes a room of the draft; A follows. Its people are unassigned again.
  await b.rename('Room 3', 'Quiet room');
  await expect(a.room('Quiet room')).toBeVisible();
  const quiet = await a.peopleIn('Quiet room');
  await b.room('Quiet room').getByRole('button', { name: 'Delete Quiet room' }).click();
  await expect(a.room('Quiet room')).toHaveCount(0);
  await expect.poll(() => a.peopleIn('Not assigned')).toEqual(quiet);

  // A places them by keyboard drag alone, then starts the rooms.
  for (const name of quiet) await a.keyboardDrag(name, 'Room 2');
  await expect.poll(() => b.peopleIn('Not assigned')).toEqual([]);
  const room2 = await a.peopleIn('Room 2');
  await a.button('Start breakout rooms').click();
  for (const m of [a, b]) await expect(m.root.getByText(/^2 rooms running/)).toBeVisible();
  const state = await breakout.state(meeting.id);
  expect(
    state.meetings
      .find((r) => r.title === 'Room 2')!
      .participants.map((p) => p.name)
      .sort(),
  ).toEqual(room2);
  await expect(a.room('Room 2').getByText('Not connected', { exact: true })).toHaveCount(room2.length);

  // While the rooms run: B moves someone, A renames a room, and each sees the other's change.
  const mover = room2[0]!;
  await b.moveOne(mover, 'Room 1', 'Move');
  await expect.poll(() => a.peopleIn('Room 1')).toContain(mover);
  await a.rename('Room 1', 'Lab');
  await expect(b.room('Lab')).toBeVisible();

  // Close all, behind a confirmation: everyone is back in the main meeting, for both hosts.
  await b.closeAll('Now');
  for (const m of [a, b]) await expect(m.root.getByLabel('Number of rooms')).toBeVisible();
  const after = await breakout.state(meeting.id);
  expect(after.meetings).toEqual([]);
  expect(after.parent_meeting.participants).toHaveLength(4);
});
