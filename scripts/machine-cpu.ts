import fs from 'node:fs';

/** The machine's CPU counters (all cores), for its idle share over a span. */
export function machineCpu() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { idle: line[3]! + line[4]!, total: line.reduce((s, x) => s + x, 0) };
}

/** Idle share (%) of the machine between two readings of machineCpu(). */
export const idleShare = (a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>) =>
  (100 * (b.idle - a.idle)) / Math.max(1, b.total - a.total);
