// `npm run dev`: the app in development mode on the embedded database (port from PORT, default 3000),
// and, unless LIVEKIT_URL points elsewhere, a local LiveKit media server on loopback. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { findOrBuildLivekit, livekitEnv, startLivekit } from './livekit';

const port = process.env.PORT ?? '3000';
const livekitPort = Number(process.env.LIVEKIT_PORT ?? 7880);
const children: ChildProcess[] = [];

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

function watch(name: string, child: ChildProcess) {
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`${name} stopped (${signal ?? code}); stopping the rest.`);
    shutdown(code ?? 1);
  });
}

const appEnv: Record<string, string> = { NEXT_TELEMETRY_DISABLED: '1', PORT: port };
if (process.env.LIVEKIT_URL) {
  console.log(`Media: using ${process.env.LIVEKIT_URL}`);
} else {
  const { bin, reason } = findOrBuildLivekit();
  if (bin) {
    const webhookUrl = `http://127.0.0.1:${port}/api/livekit/webhook`;
    watch(
      'livekit-server',
      await startLivekit(bin, { port: livekitPort, udpPort: livekitPort + 2, webhookUrl }),
    );
    Object.assign(appEnv, livekitEnv(livekitPort));
    console.log(`Media: local livekit-server on ws://127.0.0.1:${livekitPort}`);
  } else {
    console.warn(`Media: unavailable. ${reason} The app runs without audio and video.`);
  }
}

watch(
  'Next.js',
  spawn('npx', ['next', 'dev', '-p', port], {
    stdio: 'inherit',
    env: { ...process.env, ...appEnv },
    detached: true,
  }),
);
