import type { Page, Response } from '@playwright/test';
import { CallSetup } from './call-setup';
import { expect, test } from './fixtures';
import { inboundByName } from './pages/media-stats';

// The meeting page under the real Content-Security-Policy: the headers are there, two people join a
// call and receive each other's video (from getStats), and the browser reports no CSP violation at all.

test.describe.configure({ mode: 'serial' });

const setup = new CallSetup();

test.beforeAll(async ({ browser, hostAccount }, testInfo) => {
  await setup.signIn(browser, hostAccount, testInfo.project.use.baseURL, 'Headers');
});

test.afterEach(async () => {
  await setup.closeContexts();
});

/** Every CSP violation a page reports, from its console and from `securitypolicyviolation` events. */
function watchViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|connect|apply|frame)/i.test(m.text())) {
      seen.push(m.text());
    }
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return seen;
}

function expectSecurityHeaders(res: Response | null) {
  const h = res!.headers();
  const csp = h['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ http:\/\/127\.0\.0\.1:\d+/);
  expect(csp).toContain('img-src');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['permissions-policy']).toContain('camera=(self)');
  expect(h['permissions-policy']).toContain('microphone=(self)');
  expect(h['permissions-policy']).toContain('display-capture=(self)');
  // Served over http here: no HSTS.
  expect(h['strict-transport-security']).toBeUndefined();
}

test('the meeting page sends the security headers, and two people see each other under the policy with no violation', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const meeting = await setup.api.createMeeting('Headers');
  const people = [];
  const violations: string[][] = [];
  for (const name of ['Ada', 'Ben']) {
    const seat = await setup.api.addParticipant(meeting.id, name);
    const page = await (await setup.openContext(browser)).newPage();
    violations.push(watchViolations(page));
    const events = page.waitForResponse((r) => /\/api\/v1\/meetings\/[^/]+\/events/.test(r.url()));
    const res = await page.goto(seat.join_url);
    expectSecurityHeaders(res);
    // The event stream is sent as it is: not compressed per connection by the app server (a zlib state
    // for every subscriber), and marked so that proxies leave it alone too.
    const stream = (await events).headers();
    expect(stream['content-type']).toContain('text/event-stream');
    expect(stream['cache-control']).toContain('no-transform');
    expect(stream['content-encoding']).toBeUndefined();
    // Hydrated: the pre-join page's controls work, then the call connects.
    await expect(page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
    await page.getByRole('button', { name: 'Join meeting' }).click();
    await expect(page.getByRole('button', { name: 'Leave meeting' })).toBeVisible({ timeout: 30_000 });
    people.push({ name, page });
  }
  for (const me of people) {
    const other = people.find((p) => p !== me)!.name;
    await expect
      .poll(async () => (await inboundByName(me.page))[other]?.video ?? 0, {
        timeout: 60_000,
        intervals: [500],
      })
      .toBeGreaterThan(0);
  }
  expect(violations.flat()).toEqual([]);
});

test('the dashboard cannot be framed by another site, and its pages hydrate under the policy', async ({
  browser,
}) => {
  const page = await (await setup.openContext(browser, true)).newPage();
  const violations = watchViolations(page);
  const res = await page.goto('/dashboard');
  expectSecurityHeaders(res);
  expect(res!.headers()['x-frame-options']).toBe('DENY');
  // A client-side navigation works only once the page has hydrated.
  await page
    .getByRole('link', { name: /API keys/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/dashboard\/api-keys/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Framed by another origin, the browser refuses to render it.
  const framer = await (await setup.openContext(browser, true)).newPage();
  const blocked: string[] = [];
  framer.on('console', (m) => blocked.push(m.text()));
  const url = new URL('/dashboard', res!.url()).toString();
  await framer.setContent(`<iframe id="f" src="${url}"></iframe>`);
  await expect
    .poll(() => blocked.some((t) => /frame-ancestors|Refused to (display|frame)/i.test(t)))
    .toBe(true);
  expect(violations).toEqual([]);
});

test('a form post (server action) or a sign-in over the body limit is answered 413, not 500', async ({
  request,
}) => {
  const big = 'x'.repeat(70 * 1024);
  const action = await request.post('/dashboard/presets', {
    headers: { 'next-action': '0'.repeat(40), 'content-type': 'text/plain;charset=UTF-8' },
    data: big,
  });
  expect(action.status()).toBe(413);
  expect(await action.text()).toContain('64 KB');
  const signIn = await request.post('/api/auth/callback/credentials', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: `email=a%40b.c&password=${big}`,
  });
  expect(signIn.status()).toBe(413);
});
