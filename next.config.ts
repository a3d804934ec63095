import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files, ws and argon2 ship native or optional parts: load them from
  // node_modules at run time instead of bundling them.
  serverExternalPackages: ['@electric-sql/pglite', 'ws', '@node-rs/argon2', 'pg'],
  poweredByHeader: false,
  // Lets several builds of one checkout coexist (e.g. two end-to-end runs on different ports).
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
