import type { Page } from '@playwright/test';
import { expect, test, type HostAccount } from './fixtures';
import { uniqueSuffix } from './host-session';
import { chooseByTyping, tabTo } from './keyboard';
import { DashboardPage } from './pages/dashboard-page';
import { MeetingAdminPage } from './pages/meeting-admin-page';
import { ParticipantLinkPage } from './pages/participant-link-page';
import { PresetEditPage, PresetsPage } from './pages/presets-page';
import { SignInPage } from './pages/sign-in-page';
import { SignUpPage } from './pages/sign-up-page';

// The dashboard with the keyboard alone: after the first page.goto, the host's page only receives key
// presses (Tab, Shift+Tab, Enter, Space, typing); no clicks, no fill(). Focus is asserted at every stop.

test.use({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });

test('the dashboard works with the keyboard alone: account, preset, meeting, three participants, their links', async ({
  page,
  hostAccount,
  people,
}) => {
  const id = uniqueSuffix();
  const preset = `observer-${id}`;
  const title = `Keyboard ${id}`;
  const seats = [
    { name: `Kai ${id}`, preset },
    { name: `Lou ${id}`, preset: 'participant' },
    { name: `Mo ${id}`, preset: 'host' },
  ];
  const keys = page.keyboard;
  const dashboard = new DashboardPage(page);

  await test.step(hostAccount.existing ? 'sign in' : 'sign up', async () => {
    await page.goto('/');
    await enterWithKeyboard(page, hostAccount);
  });

  const presets = new PresetsPage(page);
  await test.step('create a preset that may share the screen but not use the microphone', async () => {
    await tabTo(page, dashboard.navLink('Presets'));
    await keys.press('Enter');
    await page.waitForURL(/\/dashboard\/presets$/);
    await tabTo(page, presets.presetName);
    await keys.type(preset);
    await tabTo(page, page.getByLabel('Microphone', { exact: true }));
    await chooseByTyping(page, page.getByLabel('Microphone', { exact: true }), 'Not', 'NOT_ALLOWED');
    await tabTo(page, presets.screenSharing);
    await chooseByTyping(page, presets.screenSharing, 'Allowed', 'ALLOWED');
    await tabTo(page, presets.createButton);
    await keys.press('Enter');
    await expect(presets.created(preset)).toBeVisible();
    await expect(presets.listed(preset)).toBeVisible();
  });

  let meeting!: MeetingAdminPage;
  await test.step('create a meeting', async () => {
    await tabTo(page, dashboard.navLink('Meetings'), { backwards: true });
    await keys.press('Enter');
    await page.waitForURL(/\/dashboard$/);
    await tabTo(page, dashboard.meetingTitle);
    await keys.type(title);
    await keys.press('Enter');
    meeting = await MeetingAdminPage.expectOpened(page, title);
  });

  const links: string[] = [];
  await test.step('add three participants, each with a preset', async () => {
    for (const seat of seats) {
      await tabTo(page, meeting.participantName, { backwards: links.length > 0 });
      await keys.type(seat.name);
      await tabTo(page, meeting.participantPreset);
      await chooseByTyping(page, meeting.participantPreset, seat.preset);
      await tabTo(page, meeting.addButton);
      await keys.press('Space');
      await expect(
        meeting.row(seat.name).getByRole('cell', { name: seat.preset, exact: true }),
      ).toBeVisible();
      links.push(await meeting.readJoinLink(seat.name));
      await expect(meeting.addButton, 'focus stays where the keyboard user was').toBeFocused();
    }
  });

  await test.step('copy each join link', async () => {
    const secure = await page.evaluate(() => window.isSecureContext);
    for (const [i, seat] of seats.entries()) {
      await tabTo(page, meeting.copyButton(seat.name));
      await keys.press('Enter');
      if (secure) {
        await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(links[i]);
      } else {
        // Plain http on another host has no clipboard API: the link is selected for Ctrl+C instead.
        await expect(meeting.joinLink(seat.name)).toBeFocused();
      }
    }
  });

  await test.step('the copied link opens the meeting as that person', async () => {
    const [person] = await people(1);
    const view = new ParticipantLinkPage(person!.page);
    await view.open(links[0]!);
    await view.expectSeat({ meetingTitle: title, ...seats[0]! });
  });

  // Also keeps a deployment's preset list from growing with every run.
  await test.step('remove the participant through the confirmation dialog, then delete the preset', async () => {
    const name = seats[0]!.name;
    await tabTo(page, meeting.removeButton(name), { backwards: true });
    await keys.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Remove ${name}?` });
    await expect(
      dialog.getByRole('button', { name: 'Cancel' }),
      'the safe choice has focus first',
    ).toBeFocused();
    await tabTo(page, dialog.getByRole('button', { name: 'Remove participant' }));
    await keys.press('Enter');
    await expect(meeting.message(`${name} was removed.`)).toBeVisible();
    await expect(meeting.row(name)).toHaveCount(0);

    await tabTo(page, dashboard.navLink('Presets'), { backwards: true });
    await keys.press('Enter');
    await page.waitForURL(/\/dashboard\/presets$/);
    await tabTo(page, presets.editLink(preset));
    await keys.press('Enter');
    const edit = new PresetEditPage(page, preset);
    await expect(edit.heading).toBeVisible();
    await tabTo(page, edit.deleteButton);
    await keys.press('Enter');
    await page.waitForURL(/\/dashboard\/presets$/);
    await expect(presets.listed(preset)).toHaveCount(0);
  });
});

/** Signs up (or in, with a deployment's existing account) from the home page, by keyboard. */
async function enterWithKeyboard(page: Page, account: HostAccount) {
  const keys = page.keyboard;
  const form = account.existing ? new SignInPage(page) : new SignUpPage(page);
  await tabTo(page, page.getByRole('link', { name: account.existing ? 'Sign in' : 'Sign up', exact: true }));
  await keys.press('Enter');
  if (form instanceof SignUpPage) {
    await tabTo(page, form.name);
    await keys.type('Kim Keyboard');
  }
  await tabTo(page, form.email);
  await keys.type(account.email);
  await tabTo(page, form.password);
  await keys.type(account.password);
  await keys.press('Enter');
  await page.waitForURL(/\/dashboard$/);
}
