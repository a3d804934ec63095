import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, type Browser, type BrowserContext } from '@playwright/test';
import type { HostAccount } from './fixtures';
import { BreakoutApi } from './pages/breakout';
import { createApiKey, signInHost } from './pages/host-account';
import { instrumentPage } from './pages/media-stats';
import { MeetingPage } from './pages/meeting-page';
import { RecordingsApi } from './pages/recordings';
import { RestApi } from './pages/rest-api';

/**
 * What a call spec sets up once: a signed-in host (its browser state saved for the contexts that act as
 * the host), the REST API with the host's key, and one instrumented browser context per person, closed
 * after each test.
 */
export class CallSetup {
  api!: RestApi;
  breakout!: BreakoutApi;
  recordings!: RecordingsApi;
  private hostState = '';
  private readonly contexts: BrowserContext[] = [];

  async signIn(browser: Browser, hostAccount: HostAccount, baseURL: string | undefined, keyName: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInHost(page, hostAccount);
    const key = await createApiKey(page, keyName);
    this.hostState = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-host-')), 'host.json');
    await context.storageState({ path: this.hostState });
    await context.close();
    const request = await playwrightRequest.newContext({ baseURL });
    this.api = new RestApi(request, key);
    this.breakout = new BreakoutApi(request, key);
    this.recordings = new RecordingsApi(request, key);
  }

  /** A browser context for one person with camera and microphone allowed; the host's is signed in. */
  async openContext(browser: Browser, signedInHost = false) {
    const context = await browser.newContext({
      permissions: ['camera', 'microphone'],
      storageState: signedInHost ? this.hostState : undefined,
    });
    this.contexts.push(context);
    await context.addInitScript(instrumentPage);
    return context;
  }

  /** The host joins the call from the meeting's dashboard page, as "Hana Host". */
  async hostJoins(browser: Browser, meetingId: string) {
    const host = new MeetingPage(await (await this.openContext(browser, true)).newPage(), 'Hana Host');
    await host.page.goto(`/dashboard/meetings/${meetingId}`);
    await host.page.getByRole('button', { name: 'Join meeting' }).click();
    await expect(host.page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
    await host.join();
    return host;
  }

  /** A new participant joins the call through their own link. */
  async participantJoins(browser: Browser, meetingId: string, name: string, preset?: string) {
    const seat = await this.api.addParticipant(meetingId, name, preset);
    const person = new MeetingPage(await (await this.openContext(browser)).newPage(), name);
    await person.open(seat.join_url);
    await person.join();
    return { person, id: seat.id };
  }

  async closeContexts() {
    await Promise.all(this.contexts.splice(0).map((c) => c.close()));
  }
}
