import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { ensureDefaultApp } from '@/lib/apps/service';
import { ensureDefaultPresets } from '@/lib/presets/service';

export interface HostDto {
  id: string;
  email: string;
  name: string | null;
}

/** Creates a host account with a password, and its default presets and app, in one transaction. */
export async function createHost(input: {
  email: string;
  password: string;
  name?: string;
}): Promise<HostDto> {
  const passwordHash = await hashPassword(input.password);
  const d = await db();
  return d.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name ?? null, passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict:email', 'An account with that email already exists.', 'email');
    await ensureDefaultPresets(row.id, tx);
    await ensureDefaultApp(row.id, tx);
    return { id: row.id, email: row.email!, name: row.name };
  });
}

export async function findHostByEmail(email: string): Promise<HostDto | undefined> {
  const d = await db();
  const [row] = await d.select().from(users).where(eq(users.email, email));
  return row ? { id: row.id, email: row.email!, name: row.name } : undefined;
}

/** The host whose email and password match, or undefined. Takes the same time whether or not the email exists. */
export async function verifyHostPassword(email: string, password: string): Promise<HostDto | undefined> {
  const d = await db();
  const [row] = await d.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(row?.passwordHash ?? DUMMY_HASH, password);
  return ok && row?.passwordHash ? { id: row.id, email: row.email!, name: row.name } : undefined;
}

// A real argon2id hash of a random string, so unknown emails cost as much as known ones.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$Q/Js5+nvca8N+5pbmsRKVw$xztRCfz04q4n6Sk9WZORqCY+wIaIe+K/fgAZaNo5QLY';
