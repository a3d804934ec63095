import os from 'node:os';
import type { NextConfig } from 'next';

/**
 * Host names the development server serves its own scripts to. Next refuses its dev resources to any
 * origin it was not told about, which leaves every page un-hydrated (buttons that do nothing), so the
 * host in APP_URL (the one join links use) is always allowed, and with HOST=0.0.0.0 every address of this
 * machine is too (what a person on the same network opens). Production builds ignore this list.
 */
function devOrigins(): string[] {
  const hosts = new Set(['localhost', '127.0.0.1']);
  try {
    if (process.env.APP_URL) hosts.add(new URL(process.env.APP_URL).hostname);
  } catch {
    // lib/env.ts reports a malformed APP_URL with a clear message.
  }
  const bind = process.env.HOST;
  if (bind && bind !== '127.0.0.1' && bind !== 'localhost') {
    hosts.add(bind);
    for (const nets of Object.values(os.networkInterfaces()))
      for (const n of nets ?? []) if (!n.internal) hosts.add(n.address);
  }
  return [...hosts];
}

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files, ws and argon2 ship native or optional parts: load them from
  // node_modules at run time instead of bundling them.
  serverExternalPackages: ['@electric-sql/pglite', 'ws', '@node-rs/argon2', 'pg'],
  poweredByHeader: false,
  // Dashboard forms are a few fields of text; Next's default is 1 MB. Past this, Next refuses the action
  // while reading (it counts as it streams), before the action's own code runs.
  experimental: { serverActions: { bodySizeLimit: '64kb' } },
  // Lets several builds of one checkout coexist (e.g. two end-to-end runs on different ports).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  allowedDevOrigins: devOrigins(),
  // Pages get their headers (with a CSP nonce) from proxy.ts; API answers, which no proxy runs for, get
  // these: nothing in them may run, be framed or be sniffed as another type.
  headers() {
    return Promise.resolve([
      {
        source: '/api/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ]);
  },
};

export default nextConfig;
