import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Queryable } from '@/db';
import { apps, type App } from '@/db/schema';
import { AppError } from '@/lib/errors';

const DEFAULT_APP = 'default';

/** Gives a host its default app (idempotent); called at sign-up, and lazily for older accounts. */
export async function ensureDefaultApp(hostId: string, q: Queryable): Promise<void> {
  await q.insert(apps).values({ hostId, name: DEFAULT_APP }).onConflictDoNothing();
}

/** The host's apps, oldest first; a host without one (made before apps existed) gets its default now. */
export async function listApps(hostId: string): Promise<App[]> {
  const d = await db();
  const read = () => d.select().from(apps).where(eq(apps.hostId, hostId)).orderBy(asc(apps.createdAt));
  const rows = await read();
  if (rows.length > 0) return rows;
  await ensureDefaultApp(hostId, d);
  return read();
}

/**
 * Checks that `appId` names one of the host's apps. Another host's app and one that does not exist get
 * the same 404, so the answer tells nothing about other accounts.
 */
export async function assertHostApp(hostId: string, appId: string): Promise<void> {
  const unknown = new AppError('not_found:app', `No app with id "${appId}" in this account.`, 'app_id');
  if (!z.uuid().safeParse(appId).success) throw unknown;
  const d = await db();
  const [row] = await d
    .select({ id: apps.id })
    .from(apps)
    .where(and(eq(apps.id, appId), eq(apps.hostId, hostId)));
  if (!row) throw unknown;
}
