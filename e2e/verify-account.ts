// Global setup and teardown of a run against a deployment (BASE_URL, as `npm run verify` starts it). The
// whole run uses one host account: the one given by E2E_HOST_EMAIL / E2E_HOST_PASSWORD, or one this setup
// signs up. Before any test, it records what the account holds (presets, meetings, active API keys);
// afterwards (also when tests failed) it removes everything that was not there before: through the REST
// API for presets, meetings, rooms and participants (scripts/verify-cleanup.ts), and on the dashboard's
// API keys page for the keys the run made. What it could not remove fails the run, by name.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { cleanUp, inventory, sendTo, type CleanupReport } from '../scripts/verify-cleanup';
import { enterDashboard } from './host-session';
import { createApiKey } from './pages/host-account';

const ACTIVE_KEY_ROW = 'tr:has(button:has-text("Revoke"))';

async function activeKeyPrefixes(page: Page): Promise<string[]> {
  await page.goto('/dashboard/api-keys');
  await expect(page.getByLabel('Key name')).toBeVisible();
  return page
    .locator(ACTIVE_KEY_ROW)
    .evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent?.trim() ?? ''));
}

async function withHostPage<T>(baseURL: string, existing: boolean, run: (page: Page) => Promise<T>) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await (await browser.newContext({ baseURL })).newPage();
    await enterDashboard(page, {
      email: process.env.E2E_HOST_EMAIL!,
      password: process.env.E2E_HOST_PASSWORD!,
      existing,
    });
    await page.waitForURL(/\/dashboard/);
    return await run(page);
  } finally {
    await browser.close();
  }
}

export default async function globalSetup() {
  const baseURL = process.env.BASE_URL;
  if (!baseURL) return;
  let existing = true;
  if (!process.env.E2E_HOST_EMAIL || !process.env.E2E_HOST_PASSWORD) {
    // One new account for the whole run (the workers inherit these variables), not one per test.
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    process.env.E2E_HOST_EMAIL = `verify-${id}@example.test`;
    process.env.E2E_HOST_PASSWORD = `verify-${id}-password`;
    existing = false;
  }
  const { keysBefore, key } = await withHostPage(baseURL, existing, async (page) => {
    const keysBefore = await activeKeyPrefixes(page);
    return { keysBefore, key: await createApiKey(page, 'verify cleanup') };
  });
  const send = sendTo(baseURL, key);
  const before = await inventory(send);
  console.log(
    `Verifying ${baseURL} as ${process.env.E2E_HOST_EMAIL} (${existing ? 'existing account' : 'new account'}).`,
  );

  return async () => {
    const report: CleanupReport & { apiKeys: number } = { ...(await cleanUp(send, before)), apiKeys: 0 };
    await withHostPage(baseURL, true, async (page) => {
      for (const prefix of await activeKeyPrefixes(page)) {
        if (keysBefore.includes(prefix)) continue;
        const row = page.locator(ACTIVE_KEY_ROW).filter({ hasText: prefix });
        await row.getByRole('button', { name: /^Revoke/ }).click();
        await page.getByRole('button', { name: 'Revoke key' }).click();
        await expect(row).toHaveCount(0);
        report.apiKeys += 1;
      }
      const left = (await activeKeyPrefixes(page)).filter((p) => !keysBefore.includes(p));
      for (const p of left) report.leftBehind.push(`API key ${p}… is still active`);
    });
    const summary =
      `Cleanup: ${report.meetings} meetings ended, ${report.rooms} breakout rooms, ${report.participants} participants, ` +
      `${report.presets} presets deleted, ${report.apiKeys} API keys revoked.`;
    console.log(summary);
    const out = process.env.VERIFY_CLEANUP_FILE;
    if (out) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify({ ...report, summary }, null, 2));
    }
    if (report.leftBehind.length)
      throw new Error(
        `The run left this in ${process.env.E2E_HOST_EMAIL}'s account:\n${report.leftBehind.join('\n')}`,
      );
  };
}
