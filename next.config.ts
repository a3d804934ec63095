import os from 'node:os';
import type { NextConfig } from 'next';

/**
 * Host names the development server serves its own scripts to. Next refuses its dev resources to any
 * origin it was not told about, which leaves every page un-hydrated (buttons that do nothing). Allowed:
 * localhost and 127.0.0.1, this machine's name (`os.hostname()`, and `<name>.local`), the host in APP_URL
 * (the one join links use), every name in DEV_ALLOWED_HOSTS (comma-separated; `*.example.com` matches
 * its subdomains), and with HOST=0.0.0.0 every address of this machine (what a person on the same
 * network opens). Production builds ignore this list.
 */
export function devOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const name = os.hostname().toLowerCase();
  const hosts = new Set(['localhost', '127.0.0.1', name, `${name}.local`]);
  try {
    if (env.APP_URL) hosts.add(new URL(env.APP_URL).hostname);
  } catch {
    // lib/env.ts reports a malformed APP_URL with a clear message.
  }
  for (const h of (env.DEV_ALLOWED_HOSTS ?? '').split(',')) {
    // A URL or host:port is taken for its host name: Next compares host names only.
    const host = h
      .trim()
      .replace(/^\w+:\/\//, '')
      .replace(/[:/].*$/, '')
      .toLowerCase();
    if (host) hosts.add(host);
  }
  const bind = env.HOST;
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
  // CI checks types with `tsc --noEmit` before the tests (the same program, tsconfig.json) and says so
  // with TYPES_CHECKED=1: the test build then skips Next's second pass over the same files (about 50 s
  // of two cores). Every other build checks them.
  typescript: { ignoreBuildErrors: process.env.TYPES_CHECKED === '1' },
  // Dashboard forms are a few fields of text; Next's default is 1 MB. Past this, Next refuses the action
  // while reading (it counts as it streams), before the action's own code runs; proxy.ts answers 413 to
  // a declared size over it (API_BODY_LIMIT, the same 64 KB) before that.
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
