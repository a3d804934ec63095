import { expect, type Page } from '@playwright/test';

/** /dashboard/meetings/{id}: the host's page of one meeting, its participants and their join links. */
export class MeetingAdminPage {
  constructor(
    readonly page: Page,
    readonly title: string,
    readonly id: string,
  ) {}

  /** Waits until the meeting's own page is shown (e.g. right after creating it). */
  static async expectOpened(page: Page, title: string) {
    await page.waitForURL(/\/dashboard\/meetings\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    return new MeetingAdminPage(page, title, id);
  }

  async goto() {
    await this.page.goto(`/dashboard/meetings/${this.id}`);
    await expect(this.page.getByRole('heading', { name: this.title, level: 1 })).toBeVisible();
  }

  // The add-participant form.
  get participantName() {
    return this.page.getByLabel('Name', { exact: true });
  }
  get participantPreset() {
    return this.page.getByLabel('Preset', { exact: true });
  }
  get addButton() {
    return this.page.getByRole('button', { name: 'Add participant', exact: true });
  }

  /** The participant's row in the table, found by the row header that holds their name. */
  row(name: string) {
    return this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }
  /** The read-only field that shows a participant's join link (open after an add, or with linkButton). */
  joinLink(name: string) {
    return this.page.getByLabel(`Join link for ${name}`, { exact: true });
  }
  copyButton(name: string) {
    return this.page.getByRole('button', { name: `Copy link for ${name}`, exact: true });
  }
  /** Shows or hides the participant's join link below their row. */
  linkButton(name: string) {
    return this.page.getByRole('button', { name: `Link for ${name}`, exact: true });
  }
  newLinkButton(name: string) {
    return this.page.getByRole('button', { name: `New link for ${name}`, exact: true });
  }
  removeButton(name: string) {
    return this.page.getByRole('button', { name: `Remove ${name}`, exact: true });
  }
  /** The outcome of a form on this page, read from its live region. */
  message(text: string) {
    return this.page.getByRole('status').filter({ hasText: text });
  }
  get deactivateButton() {
    return this.page.getByRole('button', { name: 'Deactivate meeting', exact: true });
  }
  get activateButton() {
    return this.page.getByRole('button', { name: 'Activate meeting', exact: true });
  }

  /** Adds a participant with a preset and returns their join link as the page shows it. */
  async addParticipant(name: string, preset: string) {
    await this.participantName.fill(name);
    await this.participantPreset.selectOption(preset);
    await this.addButton.click();
    await expect(this.row(name).getByRole('cell', { name: preset, exact: true })).toBeVisible();
    return this.readJoinLink(name);
  }

  async readJoinLink(name: string) {
    const field = this.joinLink(name);
    await expect(field).toHaveValue(/^https?:\/\/.+\/join\/.+/);
    return field.inputValue();
  }

  /** Replaces the participant's join link; the old one stops working. Returns the new link. */
  async newLink(name: string, old: string) {
    await this.newLinkButton(name).click();
    const dialog = this.page.getByRole('dialog', { name: `Make a new link for ${name}?` });
    await dialog.getByRole('button', { name: 'Make new link', exact: true }).click();
    await expect(this.message('New join link made. The old link no longer works.')).toBeVisible();
    await expect(this.joinLink(name)).not.toHaveValue(old);
    return this.readJoinLink(name);
  }

  /** Removes the participant after confirming in the dialog. */
  async remove(name: string) {
    await this.removeButton(name).click();
    const dialog = this.page.getByRole('dialog', { name: `Remove ${name}?` });
    await dialog.getByRole('button', { name: 'Remove participant', exact: true }).click();
    await expect(this.message(`${name} was removed. Their link no longer works.`)).toBeVisible();
    await expect(this.row(name)).toHaveCount(0);
  }

  async deactivate() {
    await this.deactivateButton.click();
    await expect(this.message('The meeting is inactive')).toBeVisible();
    await expect(this.activateButton).toBeVisible();
  }

  async activate() {
    await this.activateButton.click();
    await expect(this.message('The meeting is active')).toBeVisible();
    await expect(this.deactivateButton).toBeVisible();
  }
}
