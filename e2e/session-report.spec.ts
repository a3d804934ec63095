import fs from 'node:fs';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { RtcClient } from './pages/rtc-client';

// The session report on real parts: a person's media joins the real LiveKit server with a token the app
// minted, the server's webhooks start the meeting's session, and the host opens its report from the
// meeting's page: the timeline shows the person's stay as a bar (with a table for screen readers) and the
// CSV downloads with their line.

const setup = new CallSetup();

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'e2e sessions');
});

test.afterEach(() => setup.closeContexts());

test('a host opens a session report: timeline bars, the table behind them, the CSV download', async ({
  browser,
}) => {
  const meeting = await setup.api.createMeeting('Report check');
  const seat = await setup.api.addParticipant(meeting.id, 'Ada Lovelace');
  const media = await setup.api.mediaToken(seat.token);
  const ada = await RtcClient.join(media.url, media.token);
  try {
    const page = await (await setup.openContext(browser, true)).newPage();
    // The session starts with the join webhook: the meeting's page lists it once it has arrived.
    await expect(async () => {
      await page.goto(`/dashboard/meetings/${meeting.id}#sessions`);
      await expect(page.getByRole('link', { name: /^Report/ })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await page.getByRole('link', { name: /^Report/ }).click();
    await expect(page.getByRole('heading', { name: /^Session of / })).toBeVisible();
    await expect(page.getByTestId('session-timeline').getByTestId('timeline-bar')).toHaveCount(1);
    await page.getByText('The timeline as a table').click();
    await expect(page.getByRole('table', { name: 'Who was in which room, from when to when' })).toContainText(
      'Ada Lovelace',
    );

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const text = fs.readFileSync(await (await download).path(), 'utf8');
    const [header, line] = text.trim().split('\r\n');
    expect(header).toContain('participant_id,custom_participant_id,display_name');
    expect(line).toContain(`${seat.id},,Ada Lovelace,participant,${meeting.id},Report check,`);
  } finally {
    await ada.leave();
  }
});
