'use server';

import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { apiKeyNameSchema, uuidParam } from '@/lib/schemas';

export interface NewApiKey {
  name: string;
  key: string;
}

/** Creates a key; the answer is the only time the key itself is shown. */
export async function createApiKeyAction(
  _prev: FormState<NewApiKey>,
  form: FormData,
): Promise<FormState<NewApiKey>> {
  return runAction(form, {
    schema: z.strictObject({ name: apiKeyNameSchema }),
    run: async (host, { name }) => {
      const created = await createApiKey(host.id, name);
      return { name: created.name, key: created.key };
    },
    revalidate: () => ['/dashboard/api-keys'],
    message: (k) => `API key “${k.name}” created. Copy it now: it is shown only once.`,
  });
}

export async function revokeApiKeyAction(
  _prev: FormState<string>,
  form: FormData,
): Promise<FormState<string>> {
  return runAction(form, {
    schema: z.strictObject({ key_id: uuidParam('key_id') }),
    run: async (host, { key_id }) => (await revokeApiKey(host.id, key_id)).name,
    revalidate: () => ['/dashboard/api-keys'],
    message: (name) => `API key “${name}” revoked. Requests with it are now refused.`,
  });
}
