import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Blank counts as unset, so the schema's default applies (a copied .env.example leaves `PORT=`). */
const blankIsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const postgresUrl = z
  .string()
  .trim()
  // URL.canParse too: chooseDriver() reads the host, and a bad URL must be reported here, by name.
  .refine(
    (v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v),
    'must be a postgres:// or postgresql:// URL',
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
  DATABASE_URL_UNPOOLED: optionalString.pipe(postgresUrl.optional()),
  DATABASE_DRIVER: optionalString.pipe(z.enum(['pglite', 'pg', 'neon']).optional()),
  PGLITE_DIR: blankIsUnset(z.string().trim().min(1).default('.data/pglite')),
  NEON_WS_PROXY: optionalString,
  PORT: blankIsUnset(z.coerce.number().int().min(1).max(65535).default(3000)),
  APP_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  ALLOW_SIGNUP: blankIsUnset(
    z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
  ),
  // Where the client's address comes from: unset/false = the socket; N = N proxies in front that append
  // to X-Forwarded-For; a header name (x-real-ip, cf-connecting-ip) = that header, set by your proxy.
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(|true|false|\d{1,2}|[A-Za-z0-9-]{1,64})$/,
      'must be false, true, a number of proxies, or a header name',
    )
    .optional(),
  LIVEKIT_URL: optionalString.pipe(z.url({ protocol: /^(wss?|https?)$/ }).optional()),
  LIVEKIT_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^(wss?|https?)$/ }).optional()),
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,
  // Recording storage: a local folder by default, an S3-compatible bucket when S3_BUCKET is set.
  RECORDINGS_DIR: optionalString,
  S3_BUCKET: optionalString,
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  S3_REGION: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1')),
  // Who records: the embedded recorder (default) or LiveKit Egress (LiveKit Cloud or an egress service).
  RECORDING_BACKEND: optionalString.pipe(z.enum(['embedded', 'egress']).optional()),
  // Warm room switch (off by default): pages keep a rights-less connection to where a move will likely
  // take them, and a move grants the rights there instead of connecting anew. See docs/media-client.md.
  MEDIA_WARM_SWITCH: z
    .enum(['on', 'off', ''])
    .optional()
    .transform((v) => v === 'on'),
  // The most media-server join and leave deliveries applied in one transaction (lib/livekit/presence-batch.ts);
  // 1 applies each alone. Unset: 10 on PostgreSQL and Neon, 1 on PGlite.
  PRESENCE_BATCH_MAX: blankIsUnset(z.coerce.number().int().min(1).max(1000).optional()),
  // Outgoing webhooks: loopback and private destinations are refused unless allowed (link-local never is).
  WEBHOOK_ALLOW_PRIVATE_URLS: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  // The first retry waits this long, each next one twice as long (capped at 6 hours).
  WEBHOOK_RETRY_BASE_MS: blankIsUnset(z.coerce.number().int().min(1).max(3_600_000).default(30_000)),
  // A delivery is retried this long; an endpoint failing every attempt this long is disabled.
  WEBHOOK_RETRY_FOR_MS: blankIsUnset(
    z.coerce
      .number()
      .int()
      .min(1)
      .default(3 * 24 * 3_600_000),
  ),
  WEBHOOK_TIMEOUT_MS: blankIsUnset(z.coerce.number().int().min(100).max(60_000).default(10_000)),
});

/** Where browsers reach the media server: LIVEKIT_PUBLIC_URL, or LIVEKIT_URL when they reach it there too. */
export const mediaPublicUrl = (e: Pick<Env, 'LIVEKIT_URL' | 'LIVEKIT_PUBLIC_URL'>): string | undefined =>
  e.LIVEKIT_PUBLIC_URL ?? e.LIVEKIT_URL;

/** Every variable the app reads (each is described in .env.example). */
export const ENV_VARIABLES = Object.keys(envSchema.shape);

export type Env = z.output<typeof envSchema> & {
  databaseDriver: 'pglite' | 'pg' | 'neon';
  appUrl: string;
};

/** Parses an environment (process.env by default); throws one readable error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = result.data;
  if (env.DATABASE_DRIVER && env.DATABASE_DRIVER !== 'pglite' && !env.DATABASE_URL) {
    throw new Error(
      `Invalid environment:\n  DATABASE_URL: required when DATABASE_DRIVER=${env.DATABASE_DRIVER}`,
    );
  }
  if (env.RECORDING_BACKEND === 'egress' && !env.S3_BUCKET) {
    throw new Error(
      'Invalid environment:\n  S3_BUCKET: required when RECORDING_BACKEND=egress (the egress service uploads there)',
    );
  }
  return {
    ...env,
    databaseDriver: env.DATABASE_DRIVER ?? chooseDriver(env.DATABASE_URL),
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  };
}

function chooseDriver(url: string | undefined): Env['databaseDriver'] {
  if (!url) return 'pglite';
  const host = new URL(url).hostname;
  return host.endsWith('.neon.tech') || host.endsWith('.neon.build') ? 'neon' : 'pg';
}

let cached: Env | undefined;

/** The process's environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Forgets the parsed environment so the next call reads process.env again (tests change it). */
export function resetEnvCache(): void {
  cached = undefined;
}
