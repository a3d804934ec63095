import { expect, type Page } from '@playwright/test';
import { MeetingAdminPage } from './meeting-admin-page';

/** /dashboard: the host's meetings and the form that creates one. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  get meetingTitle() {
    return this.page.getByLabel('Meeting title', { exact: true });
  }
  get createMeetingButton() {
    return this.page.getByRole('button', { name: 'Create meeting', exact: true });
  }

  /** A link of the dashboard's main navigation: Meetings, Presets, API keys. */
  navLink(name: 'Meetings' | 'Presets' | 'API keys') {
    return this.page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true });
  }

  async goto() {
    await this.page.goto('/dashboard');
    await expect(this.page.getByRole('heading', { name: 'Meetings', level: 1 })).toBeVisible();
  }

  /** Creates a meeting and lands on its page. */
  async createMeeting(title: string): Promise<MeetingAdminPage> {
    await this.meetingTitle.fill(title);
    await this.createMeetingButton.click();
    return MeetingAdminPage.expectOpened(this.page, title);
  }
}
