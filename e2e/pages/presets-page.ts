import { expect, type Page } from '@playwright/test';

export type Produce = 'Allowed' | 'Not allowed';

/** What a new preset changes from the form's defaults. */
export interface PresetChoices {
  microphone?: Produce;
  camera?: Produce;
  screenSharing?: Produce;
}

/** /dashboard/presets: the host's presets and the form that creates one. */
export class PresetsPage {
  constructor(readonly page: Page) {}

  get presetName() {
    return this.page.getByLabel('Preset name', { exact: true });
  }
  get screenSharing() {
    return this.page.getByLabel('Screen sharing', { exact: true });
  }
  get createButton() {
    return this.page.getByRole('button', { name: 'Create preset', exact: true });
  }

  /** The confirmation shown once the server has stored the preset. */
  created(name: string) {
    return this.page.getByRole('status').filter({ hasText: `Preset “${name}” created.` });
  }

  /** The preset's entry in the list, by its heading. */
  listed(name: string) {
    return this.page.getByRole('heading', { name, exact: true });
  }

  editLink(name: string) {
    return this.page.getByRole('link', { name: `Edit preset ${name}`, exact: true });
  }

  async goto() {
    await this.page.goto('/dashboard/presets');
    await expect(this.page.getByRole('heading', { name: 'Presets', level: 1 })).toBeVisible();
  }

  async create(name: string, choices: PresetChoices = {}) {
    await this.presetName.fill(name);
    const selects = { microphone: 'Microphone', camera: 'Camera', screenSharing: 'Screen sharing' } as const;
    for (const [key, label] of Object.entries(selects)) {
      const choice = choices[key as keyof PresetChoices];
      if (choice) await this.page.getByLabel(label, { exact: true }).selectOption({ label: choice });
    }
    await this.createButton.click();
    await expect(this.created(name)).toBeVisible();
    await expect(this.listed(name)).toBeVisible();
  }

  /** Opens the preset's own page, where it is edited and deleted. */
  async edit(name: string): Promise<PresetEditPage> {
    await this.editLink(name).click();
    const edit = new PresetEditPage(this.page, name);
    await expect(edit.heading).toBeVisible();
    return edit;
  }
}

/** /dashboard/presets/{id}: one preset. */
export class PresetEditPage {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  get heading() {
    return this.page.getByRole('heading', { name: `Preset “${this.name}”`, level: 1 });
  }
  get deleteButton() {
    return this.page.getByRole('button', { name: 'Delete preset', exact: true });
  }

  /** Deleting is refused while someone uses the preset; the reason names how many. */
  async expectDeleteRefused(users: number) {
    await this.deleteButton.click();
    const plural = users === 1 ? 'participant' : 'participants';
    await expect(
      this.page
        .getByRole('status')
        .filter({ hasText: `Preset "${this.name}" is used by ${users} ${plural}.` }),
    ).toBeVisible();
  }

  async delete() {
    await this.deleteButton.click();
    await this.page.waitForURL(/\/dashboard\/presets$/);
    await expect(this.page.getByRole('heading', { name: this.name, exact: true })).toHaveCount(0);
  }
}
