import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { retryOnReset } from './reset-retry';

/** The host's breakout manager, in the call's panel or on the dashboard; located by role and label. */
export class BreakoutManagerPanel {
  constructor(
    readonly page: Page,
    /** The manager's container: the call's panel, or the dashboard's Breakout rooms section. */
    readonly root: Locator,
  ) {}

  /** Opens the panel from the call's breakout banner. */
  static async openInCall(page: Page) {
    const toggle = page.getByRole('button', { name: /^(Manage breakout rooms|Breakout rooms)$/ });
    await toggle.click();
    const panel = page.getByRole('complementary', { name: 'Breakout rooms' });
    await expect(panel).toBeVisible();
    return new BreakoutManagerPanel(page, panel);
  }

  room(title: string) {
    return this.root.getByRole('region', { name: title, exact: true });
  }

  button(name: string) {
    return this.root.getByRole('button', { name, exact: true });
  }

  async createRooms(count: number) {
    await this.root.getByLabel('Number of rooms').fill(String(count));
    await this.button('Create rooms').click();
    for (let i = 1; i <= count; i++) await expect(this.room(`Room ${i}`)).toBeVisible();
  }

  /** The non-drag way for one person: their "Room for …" select and Move (or Assign). */
  async moveOne(name: string, roomTitle: string, verb: 'Assign' | 'Move') {
    await this.root.getByLabel(`Room for ${name}`, { exact: true }).selectOption({ label: roomTitle });
    await this.button(`${verb} ${name}`).click();
  }

  /** Selects several people with their checkboxes and assigns them together. */
  async assignSelected(names: string[], roomTitle: string, verb: 'Assign' | 'Move') {
    for (const n of names)
      await this.root.getByRole('checkbox', { name: `Select ${n}`, exact: true }).check();
    const bar = this.root.getByRole('form', { name: 'Selected people' });
    await bar.getByLabel(`${verb} to`).selectOption({ label: roomTitle });
    await bar.getByRole('button', { name: `${verb} selected` }).click();
  }

  /** Drags a person with the keyboard alone: Space picks up, arrows jump between rooms, Space drops. */
  async keyboardDrag(name: string, roomTitle: string) {
    const handle = this.root.getByRole('button', { name: `Drag ${name}`, exact: true });
    await handle.focus();
    await this.page.keyboard.press('Space');
    const live = this.page.locator('[id^="DndLiveRegion"]');
    for (let i = 0; i < 8; i++) {
      await this.page.keyboard.press('ArrowDown');
      if (((await live.textContent()) ?? '').includes(`over ${roomTitle}.`)) break;
    }
    await expect(live).toContainText(`over ${roomTitle}.`);
    await this.page.keyboard.press('Space');
  }

  async rename(from: string, to: string) {
    await this.button(`Rename ${from}`).click();
    const input = this.root.getByLabel(`New name for ${from}`);
    await input.fill(to);
    await input.press('Enter');
    await expect(this.room(to)).toBeVisible();
  }

  /** "Close all rooms", choosing when in its dialog (60 s unless told). */
  async closeAll(when: 'Now' | 'In 10 seconds' | 'In 30 seconds' | 'In 60 seconds') {
    await this.button('Close all rooms').click();
    const dialog = this.page.getByRole('dialog', { name: 'Close all breakout rooms?' });
    await dialog.getByRole('radio', { name: when }).check();
    await dialog.getByRole('button', { name: /^Close (all rooms now|in \d+ s)$/ }).click();
  }

  /** Names listed in a room, read from each person's "Select …" checkbox (not "Select all shown"). */
  async peopleIn(title: string) {
    const boxes = this.room(title).locator('input[type="checkbox"][aria-label^="Select "]');
    const labels = await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map((l) => l.replace(/^Select /, '').replace(/ \(you\)$/, '')).sort();
  }
}

/** What a page's breakout client reported, with the time each event fired (test hook). */
export interface ClientEvent {
  type: 'changingMeeting' | 'meetingChanged' | 'error' | 'streamOpen' | 'streamLost';
  meetingId?: string;
  at: number;
}

export function clientEvents(page: Page): Promise<ClientEvent[]> {
  return page.evaluate(() => window.__breakoutEvents ?? []);
}

/**
 * Waits until the page's client fired changingMeeting(meetingId) and then meetingChanged(meetingId) after
 * the first `since` events; resolves with the new event count.
 */
export async function expectMoved(page: Page, meetingId: string, since: number, timeout = 20_000) {
  await expect
    .poll(
      async () => {
        const tail = (await clientEvents(page)).slice(since);
        const changing = tail.findIndex((e) => e.type === 'changingMeeting' && e.meetingId === meetingId);
        const changed = tail.findIndex((e, i) => i > changing && e.type === 'meetingChanged');
        if (changing < 0) return 'no changingMeeting yet';
        if (changed < 0) return 'no meetingChanged yet';
        return tail[changed]!.meetingId === meetingId ? 'moved' : `landed in ${tail[changed]!.meetingId}`;
      },
      { timeout, intervals: [200] },
    )
    .toBe('moved');
  return (await clientEvents(page)).length;
}

/** The meeting whose media room the page is connected to now. */
export function mediaRoomOf(page: Page): Promise<string | undefined> {
  return page.evaluate(() => window.__breakout?.room?.name);
}

/** The REST API's view of a meeting family, with the host's API key. */
export class BreakoutApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly key: string,
  ) {}

  async state(meetingId: string) {
    const res = await retryOnReset(() =>
      this.request.get(`/api/v1/meetings/${meetingId}/connected-meetings`, {
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), await res.text()).toBe(200);
    return (
      (await res.json()) as {
        data: {
          parent_meeting: { id: string; participants: Array<{ id: string; name: string }> };
          meetings: Array<{ id: string; title: string; participants: Array<{ id: string; name: string }> }>;
          timer: { ends_at: string; warning_seconds: number; auto_close: boolean } | null;
        };
      }
    ).data;
  }

  /** The id of the room with this title, once the server has it (a click that creates it may still be on its way). */
  async roomId(meetingId: string, title: string) {
    let id: string | undefined;
    await expect
      .poll(
        async () => {
          id = (await this.state(meetingId)).meetings.find((m) => m.title === title)?.id;
          return id;
        },
        { message: `room ${title}`, timeout: 15_000 },
      )
      .toBeDefined();
    return id!;
  }

  /** Creates rooms as the host; returns their ids in order. */
  async createRooms(meetingId: string, titles: string[]) {
    const res = await retryOnReset(() =>
      this.request.post(`/api/v1/meetings/${meetingId}/connected-meetings`, {
        data: { meetings: titles.map((title) => ({ title })) },
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { data: { meetings: Array<{ id: string }> } }).data.meetings.map(
      (m) => m.id,
    );
  }

  /** Turns "auto-place late joiners" on or off as the host. */
  async setAutoPlace(meetingId: string, autoPlace: boolean) {
    const res = await retryOnReset(() =>
      this.request.put(`/api/v1/meetings/${meetingId}/connected-meetings/late-joiners`, {
        data: { auto_place: autoPlace },
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), await res.text()).toBe(200);
  }

  /** Opens or closes "let participants choose" as the host (no cap on seats). */
  async setSelfSelect(meetingId: string, enabled: boolean) {
    const res = await retryOnReset(() =>
      this.request.put(`/api/v1/meetings/${meetingId}/connected-meetings/self-select`, {
        data: { enabled },
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), await res.text()).toBe(200);
  }

  /** Moves participants as the host. */
  async move(meetingId: string, from: string, to: string, ids: string[]) {
    const res = await retryOnReset(() =>
      this.request.post(`/api/v1/meetings/${meetingId}/connected-meetings/move`, {
        data: { source_meeting_id: from, destination_meeting_id: to, participant_ids: ids },
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), await res.text()).toBe(200);
  }

  /** Saves the hosts' draft (rooms by key, and who goes where) as the host. */
  async saveDraft(
    meetingId: string,
    draft: { rooms: Array<{ key: string; title: string }>; assignments: Record<string, string> },
  ) {
    const res = await retryOnReset(() =>
      this.request.put(`/api/v1/meetings/${meetingId}/connected-meetings/draft`, {
        data: draft,
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), await res.text()).toBe(200);
  }

  /** Starts the draft as the host; returns the rooms it created. */
  async startDraft(meetingId: string) {
    const res = await retryOnReset(() =>
      this.request.post(`/api/v1/meetings/${meetingId}/connected-meetings/draft/start`, {
        data: {},
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), await res.text()).toBe(200);
    return ((await res.json()) as { data: { meetings: Array<{ id: string; title: string }> } }).data.meetings;
  }
}
