import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { enterDashboard, uniqueSuffix } from './host-session';
import { DashboardPage } from './pages/dashboard-page';
import { createApiKey } from './pages/host-account';
import { RestApi } from './pages/rest-api';
import { BreakoutApi } from './pages/breakout';

// A teacher's class on the dashboard: a class list typed in a row, every join link available at any time
// (one by one, all at once, as CSV), and every page usable on a phone and by assistive technology, in
// light and dark.

test('adding a class list in a row: each name gets its own answer, none is lost or refused', async ({
  page,
  hostAccount,
}) => {
  const id = uniqueSuffix();
  await enterDashboard(page, hostAccount);
  const meeting = await new DashboardPage(page).createMeeting(`Class ${id}`);
  const names = ['Ada', 'Bea', 'Cy', 'Dee'].map((n) => `${n} ${id}`);

  // Typed as fast as a keyboard goes: the next name is sent while the previous add is on its way.
  for (const name of names) {
    await meeting.participantName.fill(name);
    await meeting.participantName.press('Enter');
  }

  for (const name of names) await expect(meeting.row(name)).toHaveCount(1);
  await expect(meeting.message(`${names.at(-1)} was added.`)).toBeVisible();
  await expect(page.getByText('must not be empty')).toHaveCount(0);
  await expect(meeting.participantName).toHaveValue('');

  // An empty name is refused, and the next name can still be added after it.
  await meeting.participantName.press('Enter');
  await expect(page.getByText('Name must not be empty')).toBeVisible();
  await meeting.participantName.fill(`Eve ${id}`);
  await meeting.participantName.press('Enter');
  await expect(meeting.message(`Eve ${id} was added.`)).toBeVisible();
  await expect(meeting.row(`Eve ${id}`)).toHaveCount(1);
});

test('a join link can be shown again after a reload, is replaced only after a confirmation, and all links copy and download as CSV', async ({
  page,
  context,
  hostAccount,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const id = uniqueSuffix();
  await enterDashboard(page, hostAccount);
  const meeting = await new DashboardPage(page).createMeeting(`Links ${id}`);
  const ada = `Ada ${id}`;
  const bea = `Bea, "B" ${id}`;
  const adaLink = await meeting.addParticipant(ada, 'participant');
  await meeting.page.getByLabel('Custom participant ID (optional)').fill('s-2');
  const beaLink = await meeting.addParticipant(bea, 'participant');

  await page.reload();
  await expect(meeting.joinLink(ada)).toHaveCount(0);
  await meeting.linkButton(ada).click();
  await expect(meeting.joinLink(ada)).toHaveValue(adaLink);

  // "New link" asks first; Cancel keeps the link.
  await meeting.newLinkButton(ada).click();
  const dialog = page.getByRole('dialog', { name: `Make a new link for ${ada}?` });
  await expect(dialog).toContainText('stops working at once');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(meeting.joinLink(ada)).toHaveValue(adaLink);
  const fresh = await meeting.newLink(ada, adaLink);
  expect(fresh).not.toBe(adaLink);

  const csvHeader = 'name,custom_participant_id,join_link';
  const expected = [csvHeader, `Ada ${id},,${fresh}`, `"Bea, ""B"" ${id}",s-2,${beaLink}`];

  await page.getByRole('button', { name: 'Copy all links' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied 2 links' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.trim().split('\r\n')).toEqual(expected);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download links (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`links-${id}-join-links.csv`);
  const text = fs.readFileSync(await file.path(), 'utf8');
  expect(text.trim().split('\r\n')).toEqual(expected);
});

/** Fails with every horizontal overflow: the page must fit a 360 px phone. */
async function expectFits(page: Page, label: string) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The elements that reach past the screen's edge, to say what is too wide.
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > client + 1)
      .slice(-5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect
    .soft(scroll, `${label} at 360 px: page width ${scroll} > ${client}: ${wide.join(' | ')}`)
    .toBeLessThanOrEqual(client);
}

type Found = { page: string; scheme: string; rule: string; help: string; targets: string[] };

/** Runs axe in light and in dark; returns what it found (the test asserts none at the end). */
async function axeBoth(page: Page, label: string): Promise<Found[]> {
  const found: Found[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // axe measures final colours, never a transition between schemes: in dark mode a primary button's text
    // turns from white to dark and its background from deep to light indigo, and measured mid-way (a loaded
    // machine applies the new scheme late) they fail. So transitions are off for the walk, and it waits
    // until the page answers the emulated scheme, then for a frame to be drawn in it.
    await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
    await page.waitForFunction(
      (dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark,
      colorScheme === 'dark',
      { timeout: 10_000 },
    );
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations) {
      found.push({
        page: label,
        scheme: colorScheme,
        rule: v.id,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary ?? ''}`),
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

test('every page fits 360 px and has no axe violation, in light and in dark', async ({
  page,
  hostAccount,
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const id = uniqueSuffix();
  const found: Found[] = [];
  const check = async (p: Page, label: string, fits = false) => {
    await p.waitForLoadState('networkidle').catch(() => undefined);
    found.push(...(await axeBoth(p, label)));
    if (fits) {
      const size = p.viewportSize()!;
      await p.setViewportSize({ width: 360, height: 740 });
      await p.waitForTimeout(200);
      await expectFits(p, label);
      for (const colorScheme of ['light', 'dark'] as const) {
        await p.emulateMedia({ colorScheme });
        found.push(
          ...(await new AxeBuilder({ page: p }).analyze()).violations.map((v) => ({
            page: `${label} (360 px)`,
            scheme: colorScheme,
            rule: v.id,
            help: v.help,
            targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
          })),
        );
      }
      await p.emulateMedia({ colorScheme: 'light' });
      await p.setViewportSize(size);
    }
  };

  // Signed out.
  const visitor = await (await browser.newContext()).newPage();
  for (const [path, label] of [
    ['/', 'landing'],
    ['/signin', 'sign-in'],
    ['/signup', 'sign-up'],
    ['/link-error?reason=invalid', 'link error (invalid)'],
    ['/link-error?reason=inactive', 'link error (inactive)'],
  ] as const) {
    await visitor.goto(path);
    await check(visitor, label, true);
  }
  // The API reference is for integrators at a desk: axe only (its field tables still widen a phone).
  await visitor.goto('/docs/api');
  await check(visitor, 'API docs');
  // The sign-in form's error state.
  await visitor.goto('/signin');
  await visitor.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(visitor.getByText('Email is required')).toBeVisible();
  await check(visitor, 'sign-in with errors');

  // The host's pages.
  await enterDashboard(page, hostAccount);
  const key = await createApiKey(page, `axe ${id}`);
  await check(page, 'API keys', true);
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await check(page, 'dashboard home (no meetings)', true);
  const meeting = await dashboard.createMeeting(`A class with a rather long title ${id}`);
  const link = await meeting.addParticipant(`Ada Lovelace-Byron ${id}`, 'participant');
  await meeting.addParticipant(`Bea ${id}`, 'participant');
  await page.getByRole('button', { name: 'Turn on invite link' }).click();
  const inviteUrl = await page.getByLabel('Invite link', { exact: true }).inputValue();
  await check(page, 'meeting admin with participants and breakout section', true);
  await dashboard.goto();
  await check(page, 'meetings list', true);
  await page.goto('/dashboard/presets');
  await check(page, 'presets list', true);
  await page.getByRole('link', { name: /Edit preset participant/ }).click();
  await page.waitForURL(/\/dashboard\/presets\/[0-9a-f-]{36}$/);
  await check(page, 'preset editor', true);

  // A participant: the invite page, pre-join, the call, and pre-join again in a breakout room.
  const guest = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
  await guest.goto(inviteUrl);
  await check(guest, 'invite page', true);
  const person = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
  await person.goto(link);
  await expect(person.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
  await check(person, 'pre-join', true);
  await person.getByRole('button', { name: 'Join meeting' }).click();
  await expect(person.getByRole('button', { name: 'Leave meeting' })).toBeVisible({ timeout: 20_000 });
  await check(person, 'the call');

  // A reload during breakouts names the room the person will join.
  const request = page.request;
  const breakout = new BreakoutApi(request, key);
  const [room] = await breakout.createRooms(meeting.id, ['Room 2']);
  const personId = (await new RestApi(request, key).addParticipant(meeting.id, `Cy ${id}`)).id;
  await breakout.move(meeting.id, meeting.id, room!, [personId]);
  const cy = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
  const cyLink = await request.get(
    `${baseURL}/api/v1/meetings/${meeting.id}/participants/${personId}/token`,
    {
      headers: { Authorization: `Bearer ${key}` },
    },
  );
  await cy.goto(((await cyLink.json()) as { data: { join_url: string } }).data.join_url);
  await expect(cy.getByRole('heading', { name: 'Ready to join Room 2?' })).toBeVisible();

  await meeting.goto();
  await check(page, 'meeting admin while rooms run');

  for (const f of found) console.log(JSON.stringify(f));
  expect(found.map((f) => `${f.page} [${f.scheme}] ${f.rule}: ${f.help}`)).toEqual([]);
});
