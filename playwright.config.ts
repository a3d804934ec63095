import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, FAKE_MEDIA_ARGS } from './scripts/chromium-args';
import { livekitEnv } from './scripts/livekit';

// Against a deployment: BASE_URL=https://… (and E2E_HOST_EMAIL / E2E_HOST_PASSWORD for an existing host,
// otherwise the suite signs up new hosts). Without BASE_URL the suite builds and starts the app itself on
// a fresh embedded database.
const external = process.env.BASE_URL;
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = external ?? `http://localhost:${port}`;
const livekitPort = Number(process.env.E2E_LIVEKIT_PORT ?? 7890);

// Set once in the main process; workers inherit it, so every process agrees on one folder.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-e2e-'));

export const chromiumArgs = [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  // Two cores carry the app, the media server and every browser: one spec at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // In CI a failed test runs once more, and the report lists it as flaky rather than passed, so one
  // failure on a saturated machine does not hide every other result. Locally a failure stays a failure.
  // (Videos that stopped after a room switch came from a lost layer request, now guarded in
  // lib/client/media/layer-sync.ts and stall-watch.ts, and from pages an earlier spec left running,
  // now closed after every test by e2e/fixtures.ts.)
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  // Against a deployment: one host account for the run, and everything the run made in it removed after.
  globalSetup: external ? './e2e/verify-account.ts' : undefined,
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    permissions: ['camera', 'microphone'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  // The local stack: a LiveKit server on loopback (built once if missing) and a production build of the app.
  webServer: external
    ? undefined
    : [
        {
          command: 'npx tsx scripts/livekit-server.ts serve',
          url: `http://127.0.0.1:${livekitPort}/`,
          timeout: 600_000,
          reuseExistingServer: false,
          stdout: 'pipe',
          // The fake microphone beeps briefly: low speaker thresholds let the activity view see it.
          env: {
            LIVEKIT_PORT: String(livekitPort),
            APP_URL: `http://127.0.0.1:${port}`,
            LIVEKIT_SPEAKER_MIN_PERCENTILE: '1',
            LIVEKIT_SPEAKER_ACTIVE_LEVEL: '60',
            // What the server asked each publisher for (e2e/pages/media-stats.ts prints it for a stalled video).
            LIVEKIT_LOG_FILE: path.join(process.env.E2E_DATA_DIR, 'livekit.log'),
          },
        },
        {
          // E2E_SKIP_BUILD=1: start the build already made (npm test's second run, the warm switch's).
          command: `${process.env.E2E_SKIP_BUILD ? '' : 'npx next build && '}npx next start -p ${port}`,
          url: `${baseURL}/api/health`,
          timeout: 300_000,
          reuseExistingServer: false,
          stdout: 'pipe',
          stderr: 'pipe',
          env: {
            NEXT_TELEMETRY_DISABLED: '1',
            PGLITE_DIR: path.join(process.env.E2E_DATA_DIR, 'pglite'),
            AUTH_SECRET: 'e2e-secret-not-for-production-0123456789',
            APP_URL: baseURL,
            PORT: String(port),
            // The warm room switch is off by default, as in a deployment; MEDIA_WARM_SWITCH=on runs the
            // suite with it (e2e/warm-switch.spec.ts runs only then; npm test runs it so after the rest).
            MEDIA_WARM_SWITCH: process.env.MEDIA_WARM_SWITCH ?? '',
            ...livekitEnv(livekitPort),
          },
        },
      ],
});
