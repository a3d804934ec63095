import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { BreakoutManagerPanel } from './pages/breakout';
import { MeetingPage } from './pages/meeting-page';
import { decodeRecording } from './pages/recording-file';
import { RecordingsSection, type RecordingInfo } from './pages/recordings';

// Recording end to end, on real parts: the real LiveKit server, Chromium's fake camera and microphone, the
// app's own recorder, the files downloaded from the dashboard as a host does and decoded with Debian's
// ffprobe/ffmpeg. The host drives everything from the dashboard's breakout manager; the REST API is only
// read, to learn the times the server recorded.

test.describe.configure({ mode: 'serial' });

const setup = new CallSetup();
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'recordings-e2e-'));

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e recording');
});

test.afterEach(() => setup.closeContexts());

/** A person whose seat is already in `roomId` opens their link and joins there. */
async function joinsInRoom(
  browser: Browser,
  meetingId: string,
  roomId: string,
  name: string,
  recorded = false,
) {
  const seat = await setup.api.addParticipant(meetingId, name);
  await setup.breakout.move(meetingId, meetingId, roomId, [seat.id]);
  const person = new MeetingPage(await (await setup.openContext(browser)).newPage(), name);
  // Pre-join names the room the seat is in.
  await person.page.goto(seat.join_url);
  await expect(person.page.getByRole('heading', { name: /^Ready to join .+\?$/ })).toBeVisible();
  // Told before joining when the room is being recorded.
  if (recorded) await expect(person.page.getByText('This room is being recorded.')).toBeVisible();
  await person.join();
  return person;
}

/** The host's dashboard page of the meeting, with its breakout manager and recordings list. */
async function hostDashboard(browser: Browser, meetingId: string) {
  const page = await (await setup.openContext(browser, true)).newPage();
  await page.goto(`/dashboard/meetings/${meetingId}`);
  const root = page
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: 'Breakout rooms', exact: true }) });
  return { page, manager: new BreakoutManagerPanel(page, root), recordings: new RecordingsSection(page) };
}

/** The red indicator in the call's header. */
const indicator = (p: MeetingPage) => p.page.locator('header').getByText('Recording', { exact: true });
/** What the call's live regions said. */
const announced = (p: MeetingPage, text: string | RegExp) =>
  p.page.locator('[aria-live="polite"]').filter({ hasText: text });

/** Waits until the people see each other (the recorder then has media to record). */
async function seeEachOther(people: MeetingPage[]) {
  for (const p of people)
    for (const o of people.filter((x) => x !== p))
      await expect(p.tile(o.name)).toBeVisible({ timeout: 30_000 });
}

/** The room's single recording once it has reached one of `statuses`. */
async function recordingOf(
  mainId: string,
  roomId: string,
  statuses: RecordingInfo['status'][],
  timeout = 60_000,
) {
  let found: RecordingInfo | undefined;
  await expect
    .poll(
      async () => {
        const list = await setup.recordings.of(mainId, roomId);
        found = list[0];
        return list.length === 1 ? found!.status : `${list.length} recordings`;
      },
      { timeout, intervals: [250, 500, 1000], message: `recording of ${roomId}` },
    )
    .toMatch(new RegExp(`^(${statuses.join('|')})$`));
  return found!;
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/**
 * Downloads a room's file from the dashboard and checks it by decoding it: an audio and a video stream,
 * as long as the server says it recorded (within a second), audio that is not silence, and video that is
 * not one flat colour. Resolves with the file's hash.
 */
async function checkFile(recordings: RecordingsSection, title: string, rec: RecordingInfo) {
  const row = recordings.row(title);
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  const saved = await recordings.download(title, path.join(files, `${rec.id}.mp4`));
  expect(saved.suggested).toMatch(/\.(mp4|webm)$/);
  const decoded = await decodeRecording(saved.path);
  const recorded = seconds(rec.started_time!, rec.stopped_time!);
  console.log(`${title}: ${JSON.stringify({ recorded, ...decoded, bytes: fs.statSync(saved.path).size })}`);
  expect(decoded.streams).toEqual(['audio', 'video']);
  expect(
    Math.abs(decoded.durationSeconds - recorded),
    `file ${decoded.durationSeconds} s, recorded ${recorded} s`,
  ).toBeLessThanOrEqual(1);
  expect(Math.abs(decoded.durationSeconds - (rec.recording_duration ?? -10))).toBeLessThanOrEqual(1);
  expect(decoded.maxVolumeDb, 'the fake microphone beeps').toBeGreaterThan(-40);
  expect(decoded.meanVolumeDb, 'not silence').toBeGreaterThan(-70);
  for (const s of decoded.frameSpread) expect(s, 'not one flat colour').toBeGreaterThan(4);
  expect(rec.file_size).toBe(fs.statSync(saved.path).size);
  // The list shows the length and size a person reads.
  await expect(row).toContainText(/\d+:\d\d/);
  await expect(row).toContainText(/\d(\.\d)? (KB|MB)/);
  return crypto.createHash('sha256').update(fs.readFileSync(saved.path)).digest('hex');
}

/** Plays a room's file in the page: the player loads it and knows its length. */
async function playsInPage(page: Page, recordings: RecordingsSection, title: string, expected: number) {
  await recordings
    .row(title)
    .getByRole('button', { name: `Play ${title}` })
    .click();
  const video: Locator = page.getByRole('region', { name: `Playing ${title}` }).locator('video');
  await expect(video).toBeVisible();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => (v.readyState >= 1 ? v.duration : 0)), {
      timeout: 20_000,
    })
    .toBeGreaterThan(expected - 1);
  expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeLessThan(expected + 1);
}

test('Record all rooms: everyone in a room sees it; Stop all five seconds later gives each room its own playable file', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const meeting = await setup.api.createMeeting('Recorded workshop');
  const [room1, room2] = await setup.breakout.createRooms(meeting.id, ['Room 1', 'Room 2']);
  const ada = await joinsInRoom(browser, meeting.id, room1!, 'Ada');
  const ben = await joinsInRoom(browser, meeting.id, room1!, 'Ben');
  const cleo = await joinsInRoom(browser, meeting.id, room2!, 'Cleo');
  await seeEachOther([ada, ben]);
  for (const p of [ada, ben, cleo]) await expect(indicator(p)).toHaveCount(0);

  const host = await hostDashboard(browser, meeting.id);
  await expect(host.manager.room('Room 1')).toBeVisible();
  const clicked = Date.now();
  const answered = host.page.waitForResponse((r) => r.url().endsWith('/recordings/start-all'));
  await host.manager.button('Record all rooms').click();
  expect((await answered).status()).toBe(201);
  console.log(`start-all answered ${Date.now() - clicked} ms after the click`);

  // Everyone in a recorded room sees the indicator, and hears the start in the live region.
  for (const p of [ada, ben, cleo]) {
    await expect(indicator(p)).toBeVisible({ timeout: 10_000 });
    console.log(`${p.name} sees the indicator ${Date.now() - clicked} ms after the click`);
    await expect(announced(p, 'Recording started')).toBeAttached();
  }
  await expect(host.manager.room('Room 1').getByText('Recording', { exact: true })).toBeVisible();
  await expect(host.manager.button('Stop all recordings')).toBeVisible();

  const started1 = await recordingOf(meeting.id, room1!, ['RECORDING']);
  await recordingOf(meeting.id, room2!, ['RECORDING']);

  // Five seconds of recording, then Stop all.
  await ada.page.waitForTimeout(Math.max(0, 5_000 - (Date.now() - Date.parse(started1.started_time!))));
  await host.manager.button('Stop all recordings').click();
  for (const p of [ada, ben, cleo]) {
    await expect(indicator(p)).toHaveCount(0, { timeout: 10_000 });
    await expect(announced(p, 'Recording stopped')).toBeAttached();
  }

  const rec1 = await recordingOf(meeting.id, room1!, ['UPLOADED'], 60_000);
  const rec2 = await recordingOf(meeting.id, room2!, ['UPLOADED'], 60_000);
  expect(rec1.stop_reason?.reason).toBe('API_CALL');
  expect(seconds(rec1.started_time!, rec1.stopped_time!)).toBeGreaterThanOrEqual(4);
  const hash1 = await checkFile(host.recordings, 'Room 1', rec1);
  const hash2 = await checkFile(host.recordings, 'Room 2', rec2);
  expect(rec2.meeting_id).toBe(room2);
  expect(hash2, 'the second room has a file of its own').not.toBe(hash1);
  await playsInPage(host.page, host.recordings, 'Room 1', rec1.recording_duration!);
});

test('a late joiner sees the recording on arrival; closing the rooms while they are recorded finishes both files', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const meeting = await setup.api.createMeeting('Recorded then closed');
  const [room1, room2] = await setup.breakout.createRooms(meeting.id, ['Room 1', 'Room 2']);
  const ada = await joinsInRoom(browser, meeting.id, room1!, 'Ada');
  const ben = await joinsInRoom(browser, meeting.id, room2!, 'Ben');

  const host = await hostDashboard(browser, meeting.id);
  await expect(host.manager.room('Room 1')).toBeVisible();
  await host.manager.button('Record all rooms').click();
  for (const p of [ada, ben]) await expect(indicator(p)).toBeVisible({ timeout: 10_000 });
  const started = await recordingOf(meeting.id, room1!, ['RECORDING']);
  await recordingOf(meeting.id, room2!, ['RECORDING']);
  // Someone who arrives later sees it before joining and on arrival.
  const cleo = await joinsInRoom(browser, meeting.id, room1!, 'Cleo', true);
  await expect(indicator(cleo)).toBeVisible({ timeout: 5_000 });
  await expect(announced(cleo, 'This room is being recorded')).toBeAttached();

  await ada.page.waitForTimeout(Math.max(0, 5_000 - (Date.now() - Date.parse(started.started_time!))));
  await host.manager.closeAll('Now');

  const rec1 = await recordingOf(meeting.id, room1!, ['UPLOADED'], 60_000);
  const rec2 = await recordingOf(meeting.id, room2!, ['UPLOADED'], 60_000);
  for (const r of [rec1, rec2]) expect(r.stop_reason?.reason).toBe('ROOM_CLOSED');
  const hash1 = await checkFile(host.recordings, 'Room 1', rec1);
  const hash2 = await checkFile(host.recordings, 'Room 2', rec2);
  expect(hash2).not.toBe(hash1);

  // The main meeting's recording (Record all started it too) is stopped from the list.
  const main = (await setup.recordings.of(meeting.id, meeting.id)).find((r) =>
    ['INVOKED', 'RECORDING', 'PAUSED'].includes(r.status),
  );
  if (main) {
    await host.recordings
      .row('Main meeting')
      .getByRole('button', { name: 'Stop recording Main meeting' })
      .click();
    await recordingOf(meeting.id, meeting.id, ['UPLOADED', 'ERRORED'], 60_000);
  }
});
