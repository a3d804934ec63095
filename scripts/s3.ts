// A small S3-compatible server for tests and CI: gofakes3 (MIT), found on PATH or in .s3server/bin,
// otherwise built once from its Go module at a pinned release. It keeps objects in memory and enforces
// S3's rules that matter to recording storage (ranges, multipart uploads visible only when completed).
// MinIO is not used (AGPL); SeaweedFS cannot be built with `go install`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const GOFAKES3_VERSION = 'v1.2.0';
const BIN_DIR = path.resolve(import.meta.dirname, '../.s3server/bin');
const BIN = path.join(BIN_DIR, 'gofakes3');

/** Path of a gofakes3 binary, building it with Go when there is none; undefined with a reason when impossible. */
export function findOrBuildS3Server(log: (line: string) => void = console.log): {
  bin?: string;
  reason?: string;
} {
  const onPath = spawnSync('sh', ['-c', 'command -v gofakes3'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return { bin: onPath };
  if (fs.existsSync(BIN)) return { bin: BIN };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    return {
      reason: 'gofakes3 is not on PATH and Go is not installed to build it (see README, "Recording").',
    };
  }
  log(`Building gofakes3 ${GOFAKES3_VERSION} from its Go module (first time only, about a minute)…`);
  const started = Date.now();
  const r = spawnSync(
    'go',
    ['install', `github.com/johannesboyne/gofakes3/cmd/gofakes3@${GOFAKES3_VERSION}`],
    {
      stdio: 'inherit',
      env: { ...process.env, GOBIN: BIN_DIR, CGO_ENABLED: '0' },
    },
  );
  if (r.status !== 0) return { reason: `Building gofakes3 failed (go install exited with ${r.status}).` };
  log(`Built ${BIN} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return { bin: BIN };
}

/** Starts gofakes3 on loopback with `bucket` created; resolves once it answers HTTP. */
export async function startS3Server(
  bin: string,
  o: { port: number; bucket?: string; quiet?: boolean },
  detached = true,
): Promise<ChildProcess> {
  const args = ['-backend', 'memory', '-host', `127.0.0.1:${o.port}`];
  if (o.bucket) args.push('-initialbucket', o.bucket);
  if (o.quiet !== false) args.push('-quiet');
  const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'], detached });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gofakes3 exited with ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${o.port}/`);
      return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('gofakes3 did not start within 20 s');
}
