import type { NextConfig } from 'next';

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
};

export default nextConfig;
