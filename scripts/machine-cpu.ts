import fs from 'node:fs';

/**
 * The machine's CPU counters (all cores), for its idle share over a span, and the share spent by processes
 * of lowered priority (`nice`; they take only what everything else leaves).
 */
export function machineCpu() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { idle: line[3]! + line[4]!, nice: line[1]!, total: line.reduce((s, x) => s + x, 0) };
}

/** Idle share (%) of the machine between two readings of machineCpu(). */
export const idleShare = (a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>) =>
  (100 * (b.idle - a.idle)) / Math.max(1, b.total - a.total);

/** Share (%) of the machine that processes of lowered priority used between two readings of machineCpu(). */
export const niceShare = (a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>) =>
  (100 * (b.nice - a.nice)) / Math.max(1, b.total - a.total);

/**
 * The fields of `/proc/<pid>/stat` after the command's name (which may hold spaces and parentheses):
 * 0 the state, 1 the parent, 2 the process group, 3 the session, 11 and 12 the user and system time in
 * clock ticks. Throws when the process is gone.
 */
export function procStat(pid: number | 'self'): string[] {
  return procStatNamed(pid).fields;
}

/** As procStat, with the command's name (what is between the parentheses) from the same read. */
export function procStatNamed(pid: number | 'self'): { name: string; fields: string[] } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const end = stat.lastIndexOf(')');
  return { name: stat.slice(stat.indexOf('(') + 1, end), fields: stat.slice(end + 2).split(' ') };
}
