import { expect, type Page } from '@playwright/test';

/** /signup: a new host account (the name is optional), landing on the dashboard. */
export class SignUpPage {
  constructor(readonly page: Page) {}

  get name() {
    return this.page.getByLabel('Name', { exact: true });
  }
  get email() {
    return this.page.getByLabel('Email', { exact: true });
  }
  get password() {
    return this.page.getByLabel('Password', { exact: true });
  }
  get submit() {
    return this.page.getByRole('button', { name: 'Sign up', exact: true });
  }

  async goto() {
    await this.page.goto('/signup');
    await expect(this.page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  }

  async signUp(account: { name?: string; email: string; password: string }) {
    if (account.name) await this.name.fill(account.name);
    await this.email.fill(account.email);
    await this.password.fill(account.password);
    await this.submit.click();
    await this.page.waitForURL(/\/dashboard$/);
  }
}
