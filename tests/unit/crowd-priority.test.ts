// How the synthetic crowd's worker processes are started (scripts/crowd.ts): never with real-time
// threads, and when lowered, at their `nice` in a session of their own whose scheduling group (the
// kernel's autogroup, where it has them) is lowered too, so that the crowd as a whole yields to the app,
// the media server and the pages instead of taking a session's equal share beside them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerCommand } from '../../scripts/crowd';

const root = path.resolve(import.meta.dirname, '../..');

interface Probe {
  pid: number;
  session: number;
  nice: number;
  lowered: number | null;
  autogroup: string | null;
  sysNiceBounded: boolean;
}

/** Starts a process as a crowd worker at `nice` would be, runs lowerOwnSession in it and reports. */
function probe(nice: number): Probe {
  const cmd = workerCommand(nice);
  const code = `
    import fs from 'node:fs';
    import os from 'node:os';
    import { lowerOwnSession } from './scripts/crowd.ts';
    import { procStat } from './scripts/machine-cpu.ts';
    const lowered = lowerOwnSession() ?? null;
    const session = Number(procStat('self')[3]);
    const autogroup = fs.existsSync('/proc/self/autogroup') ? fs.readFileSync('/proc/self/autogroup', 'utf8').trim() : null;
    const bounding = BigInt('0x' + /CapBnd:\\s*([0-9a-f]+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
    console.log(JSON.stringify({ pid: process.pid, session, nice: os.getPriority(), lowered, autogroup,
      sysNiceBounded: (bounding & (1n << 23n)) !== 0n }));
  `;
  const out = spawnSync(
    cmd.execPath ?? process.execPath,
    [...cmd.execArgv, '--input-type=module', '-e', code],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (out.status !== 0) throw new Error(`the probe failed (${out.status}): ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Probe;
}

const ownAutogroup = () =>
  fs.existsSync('/proc/self/autogroup') ? fs.readFileSync('/proc/self/autogroup', 'utf8').trim() : null;

describe("the crowd's worker processes", () => {
  it('run lowered in a session of their own, and lower its scheduling group, leaving ours alone', () => {
    const before = ownAutogroup();
    const p = probe(19);
    expect(p.nice).toBe(19);
    expect(p.session).toBe(p.pid);
    if (before !== null) {
      expect(p.lowered).toBe(19);
      expect(p.autogroup).toMatch(/ nice 19$/);
      expect(p.autogroup!.split(' ')[0]).not.toBe(before.split(' ')[0]);
    } else {
      expect(p.lowered).toBeNull(); // no autogroups here: `nice` alone decides
    }
    expect(ownAutogroup()).toBe(before);
    if (process.getuid?.() === 0) expect(p.sysNiceBounded).toBe(false);
  });

  it('at nice 0 (the pages’ partners) stay in our session and change no group', () => {
    const before = ownAutogroup();
    const p = probe(0);
    expect(p.nice).toBe(0);
    expect(p.session).not.toBe(p.pid);
    expect(p.lowered).toBeNull();
    if (before !== null) expect(p.autogroup).toBe(before);
    expect(ownAutogroup()).toBe(before);
    if (process.getuid?.() === 0) expect(p.sysNiceBounded).toBe(false);
  });
});
