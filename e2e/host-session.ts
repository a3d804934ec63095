import type { Page } from '@playwright/test';
import type { HostAccount } from './fixtures';
import { SignInPage } from './pages/sign-in-page';
import { SignUpPage } from './pages/sign-up-page';

/** The host signs up, or signs in with the existing account a deployment run was given; ends on /dashboard. */
export async function enterDashboard(page: Page, account: HostAccount) {
  if (account.existing) {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(account);
  } else {
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp({ name: 'Hana Host', ...account });
  }
}

/**
 * A suffix that keeps this run's titles and names apart from everything else in the database: the suite
 * may run against a deployment that already holds other runs' data.
 */
export function uniqueSuffix() {
  return `${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 5)}`;
}
