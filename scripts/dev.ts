// `npm run dev`: the app in development mode on the embedded database (port from PORT, default 3000).
// Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';

const port = process.env.PORT ?? '3000';
const children: ChildProcess[] = [];

function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
  child.on('exit', (code, signal) => {
    console.log(`${name} stopped (${signal ?? code}).`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  // Each child leads its own process group, so this also reaches next-server's workers.
  for (const c of children)
    if (c.pid && c.exitCode === null)
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {}
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

start('Next.js', 'npx', ['next', 'dev', '-p', port], { NEXT_TELEMETRY_DISABLED: '1', PORT: port });
