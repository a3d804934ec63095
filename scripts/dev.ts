// `npm run dev`: the app in development mode on the embedded database (port from PORT, default 3000),
// and, unless LIVEKIT_URL points elsewhere, a local LiveKit media server on loopback. Ctrl-C stops both.
// The app listens on loopback only unless HOST says otherwise (HOST=0.0.0.0 to reach it from the network).
// If the media server stops, it is started again and the app keeps serving: pages show "Reconnecting…"
// and come back on their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { findOrBuildLivekit, livekitEnv, startLivekit } from './livekit';

const port = process.env.PORT ?? '3000';
const host = process.env.HOST || '127.0.0.1';
const livekitPort = Number(process.env.LIVEKIT_PORT ?? 7880);
const children = new Set<ChildProcess>();

let stopping = false;
function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  // Each child leads its own process group, so this also reaches next-server's workers.
  for (const c of children) {
    if (c.pid && c.exitCode === null) {
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

function track(child: ChildProcess, onExit: (code: number | null, signal: NodeJS.Signals | null) => void) {
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) onExit(code, signal);
  });
}

/** Keeps the local media server running: started again after a stop, waiting longer after quick failures. */
function superviseLivekit(bin: string) {
  const webhookUrl = `http://127.0.0.1:${port}/api/livekit/webhook`;
  let delay = 1000;
  let restarts = 0;
  const start = async () => {
    const startedAt = Date.now();
    try {
      const child = await startLivekit(bin, { port: livekitPort, udpPort: livekitPort + 2, webhookUrl });
      track(child, (code, signal) => {
        // A server that ran for a minute earns a quick restart; one that keeps dying waits up to 30 s.
        delay = Date.now() - startedAt > 60_000 ? 1000 : Math.min(delay * 2, 30_000);
        console.log(
          `livekit-server stopped (${signal ?? code}); starting it again in ${delay / 1000} s. The app keeps running.`,
        );
        setTimeout(() => void start(), delay);
      });
      if (restarts++ > 0) console.log(`livekit-server is back on ws://127.0.0.1:${livekitPort}.`);
    } catch (err) {
      delay = Math.min(delay * 2, 30_000);
      console.log(
        `livekit-server did not start (${(err as Error).message}); trying again in ${delay / 1000} s.`,
      );
      setTimeout(() => void start(), delay);
    }
  };
  return start();
}

const appEnv: Record<string, string> = { NEXT_TELEMETRY_DISABLED: '1', PORT: port };
if (process.env.LIVEKIT_URL) {
  console.log(`Media: using ${process.env.LIVEKIT_URL}`);
} else {
  const { bin, reason } = findOrBuildLivekit();
  if (bin) {
    await superviseLivekit(bin);
    Object.assign(appEnv, livekitEnv(livekitPort));
    console.log(`Media: local livekit-server on ws://127.0.0.1:${livekitPort}`);
  } else {
    console.warn(`Media: unavailable. ${reason} The app runs without audio and video.`);
  }
}

const next = spawn('npx', ['next', 'dev', '-p', port, '-H', host], {
  stdio: 'inherit',
  env: { ...process.env, ...appEnv },
  detached: true,
});
track(next, (code, signal) => {
  console.log(`Next.js stopped (${signal ?? code}); stopping the rest.`);
  shutdown(code ?? 1);
});
