// Starts tests/support/instance.ts as its own process (its own event bus, its own LISTEN connection) and
// gives its base URL. Imports nothing server-only, so benchmarks can use it too.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface Instance {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

/** Runs one app instance on a free loopback port with the given environment (on top of this process's). */
export function startInstance(
  env: Record<string, string | undefined> = {},
  nodeOptions: string[] = [],
): Promise<Instance> {
  const child = spawn(
    path.join(root, 'node_modules/.bin/tsx'),
    ['--conditions=react-server', ...nodeOptions, path.join(root, 'tests/support/instance.ts')],
    { cwd: root, env: { ...process.env, INSTANCE_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the instance did not start within 60 s')), 60_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${output}`));
    };
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
      process.stderr.write(`[instance ${child.pid}] ${d.toString()}`);
    });
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /listening (\d+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        pid: child.pid!,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
    child.once('exit', (code) => fail(new Error(`the instance exited with code ${code}`)));
  });
}
