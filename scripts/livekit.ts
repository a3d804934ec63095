// The local LiveKit media server: found on PATH or in .livekit/bin, otherwise built once from its Go
// module at a pinned release. Started on loopback only, with webhooks pointed at the app.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const LIVEKIT_VERSION = 'v1.13.5';
const BIN_DIR = path.resolve('.livekit/bin');
const BIN = path.join(BIN_DIR, 'livekit-server');

/**
 * Credentials of the local media server, made once per install and kept in the data folder (mode 0600).
 * They sign webhooks too, so a fixed, published pair would let anyone who reaches a development instance
 * forge them. LIVEKIT_KEYS_FILE names another file.
 */
export function localLivekitKeys(
  file = process.env.LIVEKIT_KEYS_FILE ?? path.resolve('.data/livekit-keys.json'),
): { apiKey: string; apiSecret: string } {
  const read = () => {
    const k = JSON.parse(fs.readFileSync(file, 'utf8')) as { apiKey?: unknown; apiSecret?: unknown };
    if (typeof k.apiKey !== 'string' || typeof k.apiSecret !== 'string' || k.apiSecret.length < 32)
      throw new Error(`${file} does not hold an apiKey and an apiSecret of 32 or more characters.`);
    return { apiKey: k.apiKey, apiSecret: k.apiSecret };
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const keys = {
    apiKey: `API${crypto.randomBytes(9).toString('base64url')}`,
    apiSecret: crypto.randomBytes(32).toString('base64url'),
  };
  try {
    // 'wx': two processes making the file at once keep one pair between them.
    fs.writeFileSync(file, JSON.stringify(keys), { flag: 'wx', mode: 0o600 });
    return keys;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw err;
  }
}

/** The local server's credentials for this install (see localLivekitKeys). */
export const LOCAL_LIVEKIT = localLivekitKeys();

/** Path of a livekit-server binary, building it with Go when there is none; undefined with a reason when impossible. */
export function findOrBuildLivekit(log: (line: string) => void = console.log): {
  bin?: string;
  reason?: string;
} {
  const onPath = spawnSync('sh', ['-c', 'command -v livekit-server'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return { bin: onPath };
  if (fs.existsSync(BIN)) return { bin: BIN };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    return {
      reason:
        'livekit-server is not on PATH and Go is not installed to build it (see README, "Media server").',
    };
  }
  log(`Building livekit-server ${LIVEKIT_VERSION} from its Go module (first time only, a few minutes)…`);
  const started = Date.now();
  const r = spawnSync('go', ['install', `github.com/livekit/livekit-server/cmd/server@${LIVEKIT_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: BIN_DIR, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
  });
  if (r.status !== 0)
    return { reason: `Building livekit-server failed (go install exited with ${r.status}).` };
  fs.renameSync(path.join(BIN_DIR, 'server'), BIN);
  log(`Built ${BIN} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return { bin: BIN };
}

export interface LivekitOptions {
  port: number;
  udpPort: number;
  webhookUrl: string;
  /**
   * The share of a moment's audio that must be loud for LiveKit to call someone a speaker (its default is
   * 40). Chromium's fake microphone only beeps briefly each second, so the test stack lowers it.
   */
  speakerMinPercentile?: number;
  /**
   * How loud counts as speaking, in -dBov (LiveKit's default 35; higher counts quieter sound). The test
   * stack raises it, since the fake microphone's short beeps are weighed down by the silence between.
   */
  speakerActiveLevel?: number;
  /**
   * The address advertised to clients for media (127.0.0.1 by default). The benchmarks' delay proxy
   * (scripts/net-delay.ts) listens on 127.0.0.2 and sets this, with `iceLite`.
   */
  nodeIp?: string;
  /** ICE lite: the server answers connectivity checks and never sends its own. */
  iceLite?: boolean;
  /**
   * How often the server may ask a publisher for a keyframe, in ms, the same for every layer; by default
   * KEYFRAME_REQUEST_THROTTLE_MS, and `livekit` for LiveKit's own (500 for the low layer, 1000 for the
   * others).
   */
  pliThrottleMs?: number | 'livekit';
  /**
   * Writes the server's log here, with its publication side at debug level: which layers it asked each
   * publisher for and why (dynacast). The end-to-end stack keeps it, so a test that sees a video stop can
   * print what the server told the sender (e2e/pages/media-stats.ts).
   */
  logFile?: string;
}

/**
 * How often the project's own media server may ask a publisher for a keyframe, in ms per layer, and what
 * a self-hosted cluster is advised to set (`rtc.pli_throttle`; LiveKit Cloud keeps its own). A subscriber
 * sees nothing of a video until a keyframe, and a new publication's first keyframe goes out before
 * anyone is subscribed (the media server announces a track once its first packets arrive): each
 * subscriber's first frame waits for a keyframe asked for on its behalf, which LiveKit's defaults allow
 * 500 ms (low layer) and 1000 ms (the others) after the previous one. A draft start or close all has
 * every publisher start anew and everyone subscribe within the same second, so most of a class waited
 * out that throttle. At 200 ms a video that fifty people subscribe to at once is sent at most five extra
 * keyframes a second while they do.
 */
export const KEYFRAME_REQUEST_THROTTLE_MS = 200;

/** The server's YAML config: loopback only, one UDP port, webhooks to the app. */
export function livekitConfig(o: LivekitOptions): string {
  const pli = o.pliThrottleMs ?? KEYFRAME_REQUEST_THROTTLE_MS;
  return [
    `port: ${o.port}`,
    'bind_addresses: [127.0.0.1]',
    'rtc:',
    '  tcp_port: 0',
    `  udp_port: ${o.udpPort}`,
    '  use_external_ip: false',
    `  node_ip: ${o.nodeIp ?? '127.0.0.1'}`,
    ...(o.iceLite ? ['  use_ice_lite: true'] : []),
    ...(pli !== 'livekit'
      ? [
          '  pli_throttle:',
          ...['low_quality', 'mid_quality', 'high_quality'].map((q) => `    ${q}: ${pli}ms`),
        ]
      : []),
    '  enable_loopback_candidate: true',
    '  interfaces:',
    '    includes: [lo]',
    'keys:',
    `  ${LOCAL_LIVEKIT.apiKey}: ${LOCAL_LIVEKIT.apiSecret}`,
    'webhook:',
    `  api_key: ${LOCAL_LIVEKIT.apiKey}`,
    `  urls: [${o.webhookUrl}]`,
    'logging:',
    '  level: warn',
    ...(o.logFile ? ['  component_levels:', '    pub: debug'] : []),
    ...(o.speakerMinPercentile || o.speakerActiveLevel ? ['audio:'] : []),
    ...(o.speakerMinPercentile ? [`  min_percentile: ${o.speakerMinPercentile}`] : []),
    ...(o.speakerActiveLevel ? [`  active_level: ${o.speakerActiveLevel}`] : []),
  ].join('\n');
}

/** Starts the server in its own process group; resolves once it answers HTTP. */
export async function startLivekit(bin: string, o: LivekitOptions, detached = true): Promise<ChildProcess> {
  const out = o.logFile ? fs.openSync(o.logFile, 'a') : 'inherit';
  const child = spawn(bin, ['--config-body', livekitConfig(o)], {
    stdio: ['ignore', out, out],
    detached,
  });
  if (typeof out === 'number') fs.closeSync(out); // the child holds its own copy
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${o.port}/`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('livekit-server did not start within 20 s');
}

export const livekitEnv = (port: number) => ({
  LIVEKIT_URL: `ws://127.0.0.1:${port}`,
  LIVEKIT_API_KEY: LOCAL_LIVEKIT.apiKey,
  LIVEKIT_API_SECRET: LOCAL_LIVEKIT.apiSecret,
});
