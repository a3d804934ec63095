import { expect, type Page } from '@playwright/test';

/** The participant's meeting page (/m/…): pre-join, then the call. */
export class MeetingPage {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  /** Opens a personal join link; it signs this browser in and lands on pre-join. */
  async open(joinUrl: string) {
    await this.page.goto(joinUrl);
    await expect(this.page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
  }

  async join() {
    await this.page.getByRole('button', { name: 'Join meeting' }).click();
    await expect(this.page.getByRole('button', { name: 'Leave meeting' })).toBeVisible({ timeout: 20_000 });
  }

  /** The video tile of a participant, by their name. */
  tile(name: string) {
    return this.page.getByRole('figure', { name, exact: true });
  }

  button(name: string) {
    return this.page.getByRole('button', { name, exact: true });
  }

  removedMessage() {
    return this.page.getByRole('heading', { name: 'You were removed from this meeting' });
  }
}
