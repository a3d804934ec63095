import 'server-only';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { z } from 'zod';
import { db } from '@/db';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { env } from '@/lib/env';
import { RateLimitedError } from '@/lib/errors';
import { clientIp } from '@/lib/limits/client-ip';
import { withinSignInLimits } from '@/lib/limits/sign-in';
import { verifyHostPassword } from '@/lib/hosts/service';
import { ensureDefaultApp } from '@/lib/apps/service';
import { ensureDefaultPresets } from '@/lib/presets/service';
import { emailSchema } from '@/lib/schemas';
import { isSessionRevoked, newSessionId, revokeSession, SESSION_MAX_AGE_S } from './host-session';
import { authSecret } from './secret';

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

/** Which sign-in methods this deployment offers (OAuth ones only when their keys are set). */
export function oauthProviders(): Array<{ id: 'github' | 'google'; name: string }> {
  const e = env();
  const list: Array<{ id: 'github' | 'google'; name: string }> = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) list.push({ id: 'github', name: 'GitHub' });
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) list.push({ id: 'google', name: 'Google' });
  return list;
}

/** A sign-in refused by a limit; the sign-in page shows `message` (code `rate_limited` on redirects). */
export class SignInLimited extends CredentialsSignin {
  code = 'rate_limited';
  constructor(message: string) {
    super(message);
    this.message = message;
  }
}

// Lazy config: the database opens on the first auth call, never at build time.
export const { handlers, auth, signIn, signOut } = NextAuth(async (): Promise<NextAuthConfig> => {
  const e = env();
  const database = await db();
  return {
    secret: authSecret(),
    trustHost: true,
    adapter: DrizzleAdapter(
      database as never,
      {
        usersTable: users,
        accountsTable: accounts,
        sessionsTable: sessions,
        verificationTokensTable: verificationTokens,
      } as never,
    ),
    // Credentials sign-in requires JWT sessions; the adapter still stores OAuth accounts.
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/signin' },
    providers: [
      Credentials({
        credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          try {
            const host = await withinSignInLimits(clientIp(request.headers), email, () =>
              verifyHostPassword(email, password),
            );
            return host ? { id: host.id, email: host.email, name: host.name } : null;
          } catch (err) {
            if (err instanceof RateLimitedError) throw new SignInLimited(err.message);
            throw err;
          }
        },
      }),
      ...(e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET
        ? [GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET })]
        : []),
      ...(e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET
        ? [Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET })]
        : []),
    ],
    callbacks: {
      // Each sign-in gets a session id; a session signed out (or from before session ids) is refused, so
      // signing out ends a session on every instance, not only in the browser that did it.
      async jwt({ token, user }) {
        if (user) return { ...token, sid: newSessionId() };
        return (await isSessionRevoked(token.sid)) ? null : token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = 'token' in message ? message.token : null;
        if (token?.sub && typeof token.sid === 'string') {
          const expiresAt = typeof token.exp === 'number' ? new Date(token.exp * 1000) : undefined;
          await revokeSession({ hostId: token.sub, sessionId: token.sid, expiresAt });
        }
      },
      // OAuth sign-ups get the same default presets and app as password sign-ups.
      async createUser({ user }) {
        if (!user.id) return;
        const d = await db();
        await ensureDefaultPresets(user.id, d);
        await ensureDefaultApp(user.id, d);
      },
    },
  };
});
