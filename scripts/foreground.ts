import type { ChildProcess } from 'node:child_process';

/** Keeps this script alive as long as `child` runs: a signal to the script stops both, its exit ends both. */
export function stayWith(child: ChildProcess) {
  const stop = () => {
    child.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 1));
}
