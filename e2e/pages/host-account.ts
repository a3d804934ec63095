import { expect, type Page } from '@playwright/test';
import type { HostAccount } from '../fixtures';
import { enterDashboard } from '../host-session';

/** Signs the host up (or in, for an existing account on a deployment) and lands on the dashboard. */
export async function signInHost(page: Page, account: HostAccount) {
  await enterDashboard(page, account);
  await page.waitForURL(/\/dashboard/);
}

/** Creates an API key on the API keys page and returns it (it is shown only once). */
export async function createApiKey(page: Page, name = 'e2e media'): Promise<string> {
  await page.goto('/dashboard/api-keys');
  await page.getByLabel('Key name').fill(name);
  await page.getByRole('button', { name: 'Create API key' }).click();
  const field = page.getByLabel('New API key');
  await expect(field).toBeVisible();
  return field.inputValue();
}
