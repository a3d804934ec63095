import type { Page } from '@playwright/test';

/** /signin: email and password, landing on the dashboard. */
export class SignInPage {
  constructor(readonly page: Page) {}

  get email() {
    return this.page.getByLabel('Email', { exact: true });
  }
  get password() {
    return this.page.getByLabel('Password', { exact: true });
  }
  get submit() {
    return this.page.getByRole('button', { name: 'Sign in', exact: true });
  }

  async goto() {
    await this.page.goto('/signin');
  }

  async signIn(account: { email: string; password: string }) {
    await this.email.fill(account.email);
    await this.password.fill(account.password);
    await this.submit.click();
    await this.page.waitForURL(/\/dashboard$/);
  }
}
