import type { Browser, Page } from '@playwright/test';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { expectMoved } from './pages/breakout';
import type { MeetingPage } from './pages/meeting-page';

// Chat, polls, broadcasts and help requests end to end: real LiveKit and Chromium, one browser context per
// person. Ada and Ben in Room 1, Cleo and Dan in Room 2, Eve (host preset) in the main meeting, and the
// owner's dashboard as a second host.

test.describe.configure({ mode: 'serial' });

const setup = new CallSetup();

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e rooms chat');
});

test.afterEach(() => setup.closeContexts());

const joins = (browser: Browser, meetingId: string, name: string, preset?: string) =>
  setup.participantJoins(browser, meetingId, name, preset);

const chatButton = (p: MeetingPage) => p.page.getByRole('button', { name: /^Chat(, \d+ new)?$/ });
const chatLog = (p: MeetingPage, place: string) =>
  p.page.getByRole('log', { name: `Chat messages in ${place}` });
const toasts = (page: Page) => page.getByRole('status', { name: 'Notifications' });

async function say(p: MeetingPage, place: string, text: string) {
  const box = p.page.getByLabel(`Message to ${place}`);
  await box.fill(text);
  await box.press('Enter');
  await expect(chatLog(p, place).getByText(text, { exact: true })).toBeVisible();
}

test('each room has its own live chat and polls; broadcasts reach every room; a help request reaches both hosts and one click takes a host there', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const { api, breakout } = setup;
  const creator = await api.createPreset(`poll-maker-${Date.now().toString(36)}`, {
    connected_meetings: { can_switch_connected_meetings: true, can_switch_to_parent_meeting: true },
    polls: { can_create: true },
  });
  const meeting = await api.createMeeting('Retro');
  const { person: ada, id: adaId } = await joins(browser, meeting.id, 'Ada', creator.name);
  const { person: ben, id: benId } = await joins(browser, meeting.id, 'Ben');
  const { person: cleo, id: cleoId } = await joins(browser, meeting.id, 'Cleo');
  const { person: dan, id: danId } = await joins(browser, meeting.id, 'Dan');
  const { person: eve } = await joins(browser, meeting.id, 'Eve', 'host');
  // The owner's dashboard: a second host, without a seat in the call.
  const dashboard = await (await setup.openContext(browser, true)).newPage();
  await dashboard.goto(`/dashboard/meetings/${meeting.id}`);
  const inbox = dashboard.getByRole('region', { name: 'Help requests' });
  await expect(inbox).toContainText('Nobody is waiting for help.');

  const [room1, room2] = (await breakout.createRooms(meeting.id, ['Room 1', 'Room 2'])) as [string, string];
  await breakout.move(meeting.id, meeting.id, room1, [adaId, benId]);
  await breakout.move(meeting.id, meeting.id, room2, [cleoId, danId]);
  for (const p of [ada, ben]) await expectMoved(p.page, room1, 0);
  for (const p of [cleo, dan]) await expectMoved(p.page, room2, 0);

  // Chat in Room 1 is live for Room 1 (with an unread count) and never shows in Room 2.
  await chatButton(ada).click();
  await chatButton(cleo).click();
  await expect(chatLog(cleo, 'Room 2')).toContainText('No messages in Room 2 yet.');
  await say(ada, 'Room 1', 'Hello from room one <b>bold?</b>');
  await expect(ben.page.getByRole('button', { name: 'Chat, 1 new' })).toBeVisible();
  await chatButton(ben).click();
  await expect(
    chatLog(ben, 'Room 1').getByText('Hello from room one <b>bold?</b>', { exact: true }),
  ).toBeVisible();
  await expect(chatButton(ben)).toHaveAccessibleName('Chat');
  await say(cleo, 'Room 2', 'Room two is here');
  await expect(chatLog(dan, 'Room 2')).toHaveCount(0); // Dan has not opened his chat
  await expect(dan.page.getByRole('button', { name: 'Chat, 1 new' })).toBeVisible();
  await expect(chatLog(cleo, 'Room 2')).not.toContainText('Hello from room one');
  await expect(chatLog(ada, 'Room 1')).not.toContainText('Room two is here');

  // A poll in Room 1: created by Ada, voted by Ben, results live for Ada; Room 2 never sees it.
  await ada.page.getByRole('button', { name: 'Polls', exact: true }).click();
  await ada.page.getByRole('button', { name: 'New poll' }).click();
  const form = ada.page.getByRole('form', { name: 'New poll' });
  await form.getByLabel('Question').fill('Next topic?');
  await form.getByLabel('Option 1').fill('Design');
  await form.getByLabel('Option 2').fill('Budget');
  await form.getByRole('button', { name: 'Create poll' }).click();
  const adaPoll = ada.page.getByRole('region', { name: 'Next topic?' });
  await expect(adaPoll).toBeVisible();
  await ben.page.getByRole('button', { name: 'Polls, 1 new' }).click();
  const benPoll = ben.page.getByRole('region', { name: 'Next topic?' });
  await benPoll.getByRole('radio', { name: 'Budget' }).check();
  await benPoll.getByRole('button', { name: 'Vote' }).click();
  await expect(benPoll.getByText('(your vote)')).toBeVisible();
  // Ada has not voted and the results are public: her card counts Ben's vote as it happens.
  await expect(adaPoll.getByText('Ben', { exact: true })).toHaveCount(0);
  await expect(adaPoll).toContainText('1 vote');
  await adaPoll.getByRole('radio', { name: 'Design' }).check();
  await adaPoll.getByRole('button', { name: 'Vote' }).click();
  await expect(adaPoll.getByRole('list', { name: 'Results of Next topic?' })).toContainText('Ben');
  await cleo.page.getByRole('button', { name: 'Polls', exact: true }).click();
  await expect(cleo.page.getByText('No polls in Room 2 yet.')).toBeVisible();

  // Ben moves to Room 2: his chat shows Room 2's history and not Room 1's.
  await breakout.move(meeting.id, room1, room2, [benId]);
  await expectMoved(ben.page, room2, 2);
  await chatButton(ben).click();
  await expect(chatLog(ben, 'Room 2').getByText('Room two is here', { exact: true })).toBeVisible();
  await expect(chatLog(ben, 'Room 2')).not.toContainText('Hello from room one');

  // Eve broadcasts to every room: a toast and an announcement in each room's chat.
  await eve.page.getByRole('button', { name: 'Broadcast', exact: true }).click();
  const dialog = eve.page.getByRole('dialog', { name: 'Broadcast to rooms' });
  await dialog.getByLabel('Message').fill('Five minutes left');
  await dialog.getByRole('button', { name: 'Send broadcast' }).click();
  for (const [p, place] of [
    [ada, 'Room 1'],
    [cleo, 'Room 2'],
  ] as const) {
    await expect(toasts(p.page)).toContainText('Announcement from Eve');
    await expect(toasts(p.page)).toContainText('Five minutes left');
    await chatButton(p).click();
    await expect(chatLog(p, place).getByText('Five minutes left', { exact: true })).toBeVisible();
  }

  // Dan asks for help from Room 2: both hosts see it at once; Eve's one click takes her into Room 2.
  await dan.page.getByRole('button', { name: 'Ask for help' }).click();
  await expect(dan.page.getByText('Help requested: the hosts have been told.')).toBeVisible();
  await expect(toasts(eve.page)).toContainText('Dan asked for help in Room 2');
  await expect(inbox).toContainText('Dan in Room 2');
  await expect(eve.page.getByRole('button', { name: 'Help requests, 1 new' })).toBeVisible();
  await toasts(eve.page).getByRole('button', { name: 'Join Room 2' }).click();
  await expectMoved(eve.page, room2, 0);
  await expect(dan.page.getByText('Help is on the way: Eve is joining.')).toBeVisible();
  await expect(inbox).toContainText('Nobody is waiting for help.');

  // Everything said is kept: a reload shows Room 2's history again.
  await cleo.page.reload();
  await cleo.join();
  await chatButton(cleo).click();
  await expect(chatLog(cleo, 'Room 2').getByText('Room two is here', { exact: true })).toBeVisible();
  await expect(chatLog(cleo, 'Room 2').getByText('Five minutes left', { exact: true })).toBeVisible();
});
