import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { db } from '@/db';
import { apiKeys } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { changingCredentials, credentialKey } from '@/lib/events/credentials';
import { generateToken, hashToken, looksLikeToken } from './tokens';

export interface ApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toDto = (k: typeof apiKeys.$inferSelect): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  created_at: k.createdAt.toISOString(),
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
  revoked_at: k.revokedAt?.toISOString() ?? null,
});

/** Creates an API key for a host; the key itself is in the answer only this once. */
export async function createApiKey(hostId: string, name: string) {
  const key = generateToken('apiKey');
  const d = await db();
  const [row] = await d
    .insert(apiKeys)
    .values({ hostId, name, prefix: key.slice(0, 10), keyHash: hashToken(key) })
    .returning();
  return { ...toDto(row!), key };
}

export async function listApiKeys(hostId: string): Promise<ApiKeyDto[]> {
  const d = await db();
  const rows = await d
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.hostId, hostId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toDto);
}

/** Revokes a key: every request with it is refused from now on, and streams it opened close at once. */
export async function revokeApiKey(hostId: string, keyId: string): Promise<ApiKeyDto> {
  const row = await changingCredentials(async (tx, changed) => {
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.hostId, hostId), isNull(apiKeys.revokedAt)))
      .returning();
    if (updated) changed(credentialKey.apiKey(updated.id));
    return updated;
  });
  if (!row) throw notFound('api_key');
  return toDto(row);
}

/** The host an API key belongs to and the key's id, or undefined for an unknown or revoked key. */
export async function authenticateApiKey(
  key: string,
): Promise<{ hostId: string; keyId: string } | undefined> {
  if (!looksLikeToken('apiKey', key)) return undefined;
  const d = await db();
  const [row] = await d
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)))
    .returning({ hostId: apiKeys.hostId, keyId: apiKeys.id });
  return row;
}
