// Operator commands on the same database as the app: `npm run cli -- <command> [--flags]`.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { closeDb } from '@/db';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { createHost, findHostByEmail } from '@/lib/hosts/service';
import { env } from '@/lib/env';
import { apiKeyNameSchema, emailSchema } from '@/lib/schemas';
import { newWebhookSecret, refusedUrl } from '@/lib/webhooks/rules';
import { sendSampleWebhook } from '@/lib/webhooks/sample';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-host --email E --password P [--name N]   create a host account (with the default presets)
  create-api-key --email E [--name N]             create an API key for a host; prints the key last
  revoke-api-key --email E --id KEY_ID            revoke one of a host's API keys
  webhook-test --url U [--secret whsec_…]         send a signed sample event to a webhook receiver
                                                  (a new secret is made and printed when none is given)
`;

const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`);

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      url: { type: 'string' },
      secret: { type: 'string' },
    },
  });
  const need = (flag: 'email' | 'password' | 'id' | 'url') => {
    const v = values[flag];
    if (!v) throw new UsageError(`--${flag} is required for ${command}.`);
    return v;
  };
  const email = () => check(emailSchema, need('email'));
  const host = async () => {
    const e = email();
    const found = await findHostByEmail(e);
    if (!found) throw new UsageError(`No host with email ${e}.`);
    return found;
  };

  switch (command) {
    case 'create-host': {
      const created = await createHost({
        email: email(),
        password: check(passwordSchema, need('password')),
        name: values.name,
      });
      console.log(`Created host ${created.email} (${created.id}) with presets "host" and "participant".`);
      return;
    }
    case 'create-api-key': {
      const h = await host();
      const key = await createApiKey(h.id, check(apiKeyNameSchema, values.name ?? 'cli'));
      console.log(`Created API key "${key.name}" (${key.id}) for ${h.email}. It is shown only now:`);
      console.log(key.key);
      return;
    }
    case 'revoke-api-key': {
      const h = await host();
      const key = await revokeApiKey(h.id, check(z.uuid({ error: '--id must be a UUID' }), need('id')));
      console.log(`Revoked API key "${key.name}" (${key.id}).`);
      return;
    }
    case 'webhook-test': {
      const url = need('url');
      const refused = refusedUrl(url, env().WEBHOOK_ALLOW_PRIVATE_URLS);
      if (refused) throw new UsageError(`--url ${refused}.`);
      const secret = values.secret ?? newWebhookSecret();
      if (!/^whsec_[A-Za-z0-9+/]+=*$/.test(secret))
        throw new UsageError('--secret must be whsec_ and base64.');
      if (!values.secret) console.log(`Signing with a new secret: ${secret}`);
      const result = await sendSampleWebhook(url, secret);
      console.log(`Sent ${result.type} as webhook-id ${result.id}.`);
      if (result.error) throw new Error(`The delivery failed: ${result.error}`);
      console.log(`The receiver answered ${result.statusCode}: ${result.snippet ?? ''}`.trim());
      if (result.statusCode! < 200 || result.statusCode! >= 300) process.exitCode = 1;
      return;
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".` : 'Give a command.');
  }
}

class UsageError extends Error {}

function check<T>(schema: z.ZodType<T>, value: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(r.error.issues[0]!.message);
  return r.data;
}

main(process.argv.slice(2))
  .then(() => closeDb())
  .catch(async (err: unknown) => {
    await closeDb().catch(() => undefined);
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else if (err instanceof AppError || err instanceof Error) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
