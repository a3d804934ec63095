// `npm run verify -- [--smoke] <url>`: runs the Playwright suite against a running deployment, as a new
// operator would check theirs. The target needs a host account (E2E_HOST_EMAIL / E2E_HOST_PASSWORD) or
// open sign-up, and a media server its browsers can reach. Everything the run makes in the account is
// removed at the end (e2e/verify-account.ts), also when tests fail. Prints a summary and writes Playwright's
// HTML report to a folder it names.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const target = args.find((a) => !a.startsWith('--'));
if (!target || args.includes('--help')) {
  console.log(`Usage: npm run verify -- [--smoke] <url>

  <url>     a running deployment, e.g. https://meet.example.com or http://127.0.0.1:3000
  --smoke   the short set: sign in, one meeting, two people with media, one move and back
            (without it: the full suite, less the specs that start servers of their own)

  E2E_HOST_EMAIL / E2E_HOST_PASSWORD   an existing host account to use (otherwise one is signed up)
  VERIFY_REPORT_DIR                    where the HTML report goes (default verify-report/<time>)`);
  process.exit(target ? 0 : 2);
}

let baseUrl: URL;
try {
  baseUrl = new URL(target);
  if (!/^https?:$/.test(baseUrl.protocol)) throw new Error();
} catch {
  console.error(`"${target}" is not an http(s) URL.`);
  process.exit(2);
}
const base = baseUrl.origin;

// A quick look before starting browsers: is it there, and is it this app?
try {
  const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`/api/health answered ${res.status}`);
} catch (err) {
  console.error(`${base} does not answer as a deployment of this app: ${(err as Error).message}`);
  process.exit(1);
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const reportDir = path.resolve(process.env.VERIFY_REPORT_DIR ?? path.join('verify-report', stamp));
fs.mkdirSync(reportDir, { recursive: true });
// Playwright's HTML reporter empties its folder when it writes, so it gets one of its own.
const htmlDir = path.join(reportDir, 'html');
const resultsFile = path.join(reportDir, 'results.json');
const cleanupFile = path.join(reportDir, 'cleanup.json');

const started = Date.now();
const child = spawn(
  'npx',
  [
    'playwright',
    'test',
    '--reporter=list,html,json',
    `--output=${path.join(reportDir, 'test-results')}`,
    ...(smoke ? ['--grep', '@smoke'] : []),
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      BASE_URL: base,
      PLAYWRIGHT_HTML_OUTPUT_DIR: htmlDir,
      PLAYWRIGHT_HTML_OPEN: 'never',
      PLAYWRIGHT_JSON_OUTPUT_FILE: resultsFile,
      VERIFY_CLEANUP_FILE: cleanupFile,
    },
  },
);
const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
const seconds = Math.round((Date.now() - started) / 1000);

interface Stats {
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}
let stats: Stats | undefined;
try {
  stats = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { stats: Stats }).stats;
} catch {
  // the run ended before writing results: the exit code says so
}
let cleanup = 'Cleanup: no report (the run ended before its teardown).';
try {
  cleanup = (JSON.parse(fs.readFileSync(cleanupFile, 'utf8')) as { summary: string }).summary;
} catch {
  // reported above
}

console.log(`
Verified ${base} (${smoke ? 'smoke set' : 'full set'}) in ${Math.floor(seconds / 60)} min ${seconds % 60} s: ${
  stats
    ? `${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky, ${stats.skipped} skipped`
    : 'no results'
}.
${cleanup}
HTML report: ${htmlDir}/index.html (npx playwright show-report ${path.relative(process.cwd(), htmlDir)})
${code === 0 ? 'PASSED' : 'FAILED'}`);
process.exit(code);
