// `npm test`: unit tests, integration tests on PGlite and on real PostgreSQL (standard driver and the
// Neon driver through a WebSocket proxy), then the Playwright suite. `--only unit|int|e2e` narrows it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { idleShare, machineCpu } from './machine-cpu';
import { startEphemeralPostgres } from './pg-ephemeral';

const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } } });
const stages = values.only?.length ? values.only : ['unit', 'int', 'e2e'];
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-test-'));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
let failedStages: string[] = [];

/** The machine's CPU counters where it has /proc/stat (elsewhere no idle share is printed). */
function cpuNow() {
  try {
    return machineCpu();
  } catch {
    return undefined;
  }
}

function run(stage: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  console.log(`\n=== ${stage}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const cpuFrom = cpuNow();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const cpuTo = cpuNow();
  // How idle the machine was during the stage: room left for running something beside it.
  const idle = cpuFrom && cpuTo ? `, machine ${idleShare(cpuFrom, cpuTo).toFixed(0)}% idle` : '';
  console.log(
    `=== ${stage}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s${idle}`,
  );
  if (r.status !== 0) failedStages.push(stage);
}

/** The slowest few, so a run that got longer says where the time went. */
function printSlowest(stage: string, items: { name: string; seconds: number }[]) {
  const top = items.sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  if (!top.length) return;
  console.log(`\n=== ${stage}: slowest`);
  for (const t of top) console.log(`${t.seconds.toFixed(1).padStart(8)} s  ${t.name}`);
}

function countVitest(stage: string, file: string) {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults?: {
      name: string;
      startTime: number;
      endTime: number;
    }[];
  };
  printSlowest(
    stage,
    (r.testResults ?? []).map((t) => ({
      name: path.relative(process.cwd(), t.name),
      seconds: (t.endTime - t.startTime) / 1000,
    })),
  );
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; tests: { results: { duration: number }[] }[] }[];
  suites?: PlaywrightSuite[];
}

function countPlaywright(stage: string, file: string) {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    suites?: PlaywrightSuite[];
  };
  // Every try counts (a retried test took the time of both).
  const spent: { name: string; seconds: number }[] = [];
  const walk = (suite: PlaywrightSuite, file: string) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests)
        spent.push({
          name: `${file}: ${spec.title}`,
          seconds: t.results.reduce((sum, x) => sum + x.duration, 0) / 1000,
        });
    for (const inner of suite.suites ?? []) walk(inner, inner.file ?? file);
  };
  for (const suite of r.suites ?? []) walk(suite, suite.file ?? suite.title);
  printSlowest(stage, spent);
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.flaky += r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
}

const vitest = (name: string, projects: string[]) => {
  const out = path.join(reports, `${name}.json`);
  return {
    args: [
      'vitest',
      'run',
      ...projects.flatMap((p) => ['--project', p]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
    out,
  };
};

// Vitest files at a time: at least two even on two cores (Vitest's default there is one). Much of a test
// is waiting on a database, a media server, a lock or a timer: integration takes about a third less, and
// the unit stage 38 s here instead of 54. Larger machines keep Vitest's own count.
const workers = process.env.VITEST_MAX_WORKERS ?? String(Math.max(2, os.availableParallelism() - 1));

if (stages.includes('unit')) {
  const v = vitest('unit', ['unit']);
  run('unit', 'npx', v.args, { VITEST_MAX_WORKERS: workers });
  countVitest('unit', v.out);
}

if (stages.includes('int')) {
  const given = process.env.TEST_PG_URL;
  const pg = given ? undefined : await startEphemeralPostgres();
  try {
    const v = vitest('int', ['int-pglite', 'int-pg', 'int-neon', 'media']);
    run('integration (PGlite, PostgreSQL, Neon driver; media without a database)', 'npx', v.args, {
      TEST_PG_URL: given ?? pg!.url,
      VITEST_MAX_WORKERS: workers,
    });
    countVitest('integration', v.out);
  } finally {
    pg?.stop();
  }
}

if (stages.includes('e2e')) {
  const out = path.join(reports, 'e2e.json');
  run('end-to-end (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  countPlaywright('end-to-end', out);
  // The warm room switch is off by default; its spec runs against a second start of the same build with
  // the switch on.
  const warmOut = path.join(reports, 'e2e-warm.json');
  run(
    'end-to-end, warm room switch on (Playwright, Chromium)',
    'npx',
    ['playwright', 'test', 'e2e/warm-switch.spec.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: warmOut, MEDIA_WARM_SWITCH: 'on', E2E_SKIP_BUILD: '1' },
  );
  countPlaywright('end-to-end, warm room switch on', warmOut);
}

fs.rmSync(reports, { recursive: true, force: true });
if (failedStages.length) console.log(`\nFailed stages: ${failedStages.join(', ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.flaky > 0)
  console.log(`flaky: ${totals.flaky} end-to-end test(s) failed once and passed on the retry`);
if (failedStages.length === 0 && totals.passed === 0) {
  console.log('No test ran.');
  failedStages = ['none ran'];
}
process.exit(failedStages.length ? 1 : 0);
