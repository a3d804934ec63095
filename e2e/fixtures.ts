import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** A host account for this test: the one given by E2E_HOST_EMAIL/PASSWORD, or a new sign-up. */
export interface HostAccount {
  email: string;
  password: string;
  existing: boolean;
}

type Fixtures = {
  /** Closes every browser context a test opened and left open (runs by itself for every test). */
  closeLeftContexts: void;
  hostAccount: HostAccount;
  /** Opens `n` people, each in their own browser context (a background tab renders no frames). */
  people: (n: number) => Promise<Person[]>;
};

export const test = base.extend<Fixtures>({
  // A page left open outlives its test in the worker's browser: its camera keeps capturing and its call
  // keeps reconnecting (to servers a fault spec has killed) through every spec after it, taking CPU from
  // them and, seen here, leaving the next call's camera sending nothing. Auto fixtures are set up before
  // Playwright's own page and context, so they are closed (and traced) by Playwright before this runs.
  closeLeftContexts: [
    async ({ browser }, use, testInfo) => {
      const before = new Set(browser.contexts());
      await use();
      const left = browser.contexts().filter((c) => !before.has(c));
      if (left.length) console.log(`[contexts] ${testInfo.title}: closing ${left.length} left open`);
      await Promise.all(left.map((c) => c.close().catch(() => undefined)));
    },
    { auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern
  hostAccount: async ({}, use) => {
    const email = process.env.E2E_HOST_EMAIL;
    const password = process.env.E2E_HOST_PASSWORD;
    if (email && password) return use({ email, password, existing: true });
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await use({ email: `host-${id}@example.test`, password: `pw-${id}-long-enough`, existing: false });
  },
  people: async ({ browser }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (n) => {
      const list = await Promise.all(Array.from({ length: n }, () => openPerson(browser)));
      opened.push(...list.map((p) => p.context));
      return list;
    });
    await Promise.all(opened.map((c) => c.close()));
  },
});

async function openPerson(browser: Browser): Promise<Person> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  return { context, page: await context.newPage() };
}

export { expect };
