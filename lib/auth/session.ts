import 'server-only';
import { eq } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { db } from '@/db';
import { users } from '@/db/schema';
import { auth } from './config';

export interface Host {
  id: string;
  email: string | null;
  name: string | null;
}

/** The signed-in host, or undefined. A session signed out, or whose account is gone, counts as none. */
export async function currentHost(): Promise<Host | undefined> {
  // Auth.js's jwt callback (lib/auth/config.ts) refuses a signed-out session.
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return undefined;
  const d = await db();
  const [row] = await d
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

/** The signed-in host; redirects to the sign-in page when there is none. */
export async function requireHost(): Promise<Host> {
  const host = await currentHost();
  if (!host) redirect('/signin');
  return host;
}
