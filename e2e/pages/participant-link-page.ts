import { expect, type Page } from '@playwright/test';

/** Who a join link seats: the name and preset the meeting page must show. */
export interface Seat {
  meetingTitle: string;
  name: string;
  preset: string;
}

// The headings of the calm pages a link that cannot be used leads to (components/participant/link-problem).
const PROBLEMS = {
  invalid: {
    heading: 'This link is not valid',
    text: 'It may have been replaced or removed. Ask the host for a new link.',
  },
  inactive: {
    heading: 'This meeting is not active',
    text: 'Try your link again later, or ask the host when it starts.',
  },
  'no-seat': {
    heading: 'You are not in this meeting yet',
    text: 'This browser is not signed in to the meeting. Open your personal join link again, or ask the host for it.',
  },
} as const;

export type LinkProblem = keyof typeof PROBLEMS;

/** A participant's browser following their personal join link to the meeting page (/m/{meetingId}). */
export class ParticipantLinkPage {
  constructor(readonly page: Page) {}

  /** Opens the link; whatever it leads to, the server must not fail. */
  async open(link: string) {
    const response = await this.page.goto(link);
    expect(response?.status(), `status of the page ${link} leads to`).toBeLessThan(500);
  }

  /** The meeting page's pre-join screen names the meeting, this person and their preset. */
  async expectSeat(seat: Seat) {
    await expect(this.page).toHaveURL(/\/m\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
    await expect(this.page.getByText(seat.meetingTitle, { exact: true })).toBeVisible();
    await expect(this.page.getByText(`You are ${seat.name} (${seat.preset})`, { exact: true })).toBeVisible();
  }

  /** Unfolds "What you can do here", the plain-language list of the preset's permissions. */
  async showAbilities() {
    await this.page.getByText('What you can do here', { exact: true }).click();
  }

  /** One line of that list, e.g. "Use microphone, camera, screen sharing". */
  ability(line: string) {
    return this.page.getByRole('listitem').filter({ hasText: line });
  }

  /** A clear page that says why the link cannot be used and what to do: no error page, no stack trace. */
  async expectProblem(problem: LinkProblem) {
    const { heading, text } = PROBLEMS[problem];
    await expect(this.page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(this.page.getByText(text)).toBeVisible();
    await expect(this.page.getByRole('heading', { name: 'Ready to join?' })).toHaveCount(0);
    await expect(this.page.getByText('Something went wrong')).toHaveCount(0);
  }
}
