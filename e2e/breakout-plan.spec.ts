import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from './fixtures';
import { uniqueSuffix } from './host-session';
import { createApiKey, signInHost } from './pages/host-account';
import { instrumentPage, inboundByName } from './pages/media-stats';
import { MeetingPage } from './pages/meeting-page';
import { RestApi } from './pages/rest-api';

// A plan made before the meeting: while the meeting is still inactive and nobody has joined, the host
// imports a CSV plan on the dashboard (preview, then Confirm), then starts the rooms. Two guests who open
// their personal links only afterwards land in their room: they see its name and each other's video.
// Three pages: the host's dashboard and the two guests.

test('a CSV plan imported before anyone joins places two late guests in their room, with media', async ({
  browser,
  hostAccount,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const id = uniqueSuffix();
  const hostContext = await browser.newContext();
  const dashboard = await hostContext.newPage();
  await signInHost(dashboard, hostAccount);
  const api = new RestApi(await playwrightRequest.newContext({ baseURL }), await createApiKey(dashboard));

  const meeting = await api.createMeeting(`Seminar ${id}`);
  const ada = await api.addParticipant(meeting.id, 'Ada');
  const ben = await api.addParticipant(meeting.id, 'Ben');
  await api.addParticipant(meeting.id, 'Cleo'); // planned for Red, never comes
  await api.setMeetingStatus(meeting.id, 'INACTIVE');

  // Before the meeting: the plan is imported through the dashboard, with a preview first.
  await dashboard.goto(`/dashboard/meetings/${meeting.id}`);
  const card = dashboard.locator('section').filter({ has: dashboard.locator('h2#breakout') });
  await expect(card).toContainText('This meeting is inactive: prepare its rooms now');
  await card.getByLabel('Import CSV plan').setInputFiles({
    name: 'seminar.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'room,name\r\n"Blue, by the window",Ada\r\nRed,Cleo\r\n"Blue, by the window",Ben\r\nRed,Zed\r\n',
    ),
  });
  const preview = card.getByRole('region', { name: 'Preview of seminar.csv' });
  await expect(preview).toContainText('2 rooms (Blue, by the window, Red); 3 people matched.');
  await expect(preview.getByRole('listitem')).toHaveText(['line 5: Zed']);
  await preview.getByRole('button', { name: 'Confirm import' }).click();
  await expect(preview).toHaveCount(0);
  await expect(card.getByRole('heading', { name: 'Blue, by the window' })).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Red', exact: true })).toBeVisible();

  // The meeting opens; the host starts the rooms while nobody is connected.
  await api.setMeetingStatus(meeting.id, 'ACTIVE');
  await dashboard.reload();
  await card.getByRole('button', { name: 'Start breakout rooms' }).click();
  await expect(card.getByRole('button', { name: 'Close all rooms' })).toBeVisible({ timeout: 20_000 });

  // The guests come late, each through their own link, and land in their room with media.
  const guests = await Promise.all(
    [
      { seat: ada, name: 'Ada' },
      { seat: ben, name: 'Ben' },
    ].map(async ({ seat, name }) => {
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      await context.addInitScript(instrumentPage);
      const guest = new MeetingPage(await context.newPage(), name);
      // Their link already names the room they are placed in, before they join.
      await guest.page.goto(seat.join_url);
      await expect(
        guest.page.getByRole('heading', { name: 'Ready to join Blue, by the window?' }),
      ).toBeVisible();
      await guest.join();
      return guest;
    }),
  );
  for (const guest of guests) {
    await expect(guest.page.getByRole('region', { name: 'Your room' })).toContainText(
      'You are in Blue, by the window',
      { timeout: 30_000 },
    );
  }
  const [adaPage, benPage] = guests;
  for (const [viewer, sender] of [
    [adaPage!, 'Ben'],
    [benPage!, 'Ada'],
  ] as const) {
    await expect
      .poll(async () => (await inboundByName(viewer.page))[sender]?.video ?? 0, {
        timeout: 60_000,
        intervals: [1000],
        message: `${viewer.name} receives video from ${sender}`,
      })
      .toBeGreaterThan(0);
  }
  // The host's dashboard shows them in that room.
  await expect(card).toContainText('Ada');
  await Promise.all([hostContext.close(), ...guests.map((g) => g.page.context().close())]);
});
