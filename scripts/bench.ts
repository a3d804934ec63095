// `npm run bench`: runs every scripts/bench-*.ts in turn (or those named: `npm run bench -- join move`);
// each prints its own figures. Options after the names go to each benchmark run
// (`npm run bench -- move --people 50`). Benchmarks measure; they never fail on a target.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const wanted = firstOption < 0 ? args : args.slice(0, firstOption);
const forwarded = firstOption < 0 ? [] : args.slice(firstOption);
const benches = fs
  .readdirSync(dir)
  .filter((f) => /^bench-.+\.ts$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f === `bench-${w}.ts`))
  .sort();

if (benches.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}.`);
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const r = spawnSync('npx', ['tsx', path.join(dir, file), ...forwarded], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) {
    failed += 1;
    console.log(`=== ${file} did not finish (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
