// A real S3-compatible server for tests: gofakes3 (scripts/s3.ts) on a free loopback port with a fresh
// bucket, stopped (its whole process group) by `stop()`.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { findOrBuildS3Server, startS3Server } from '@/scripts/s3';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  port: number;
  /** The S3_* variables that point the app at this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts gofakes3 (building it the first time) with a new bucket. */
export async function startTestS3Server(): Promise<TestS3Server> {
  const { bin, reason } = findOrBuildS3Server((l) => console.log(l));
  if (!bin) throw new Error(reason);
  const port = await freePort();
  const bucket = `rec-${randomBytes(4).toString('hex')}`;
  const child: ChildProcess = await startS3Server(bin, { port, bucket });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    port,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'test-key',
      S3_SECRET_ACCESS_KEY: 'test-secret',
      S3_FORCE_PATH_STYLE: 'true',
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
