'use server';

import { headers } from 'next/headers';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { errorState, formValues, invalidState } from '@/lib/actions/run-action';
import { oauthProviders, SignInLimited, signIn, signOut } from '@/lib/auth/config';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/password';
import { env } from '@/lib/env';
import { createHost } from '@/lib/hosts/service';
import { clientIp } from '@/lib/limits/client-ip';
import { enforce } from '@/lib/limits/rate';
import { emailSchema, followsTextRule } from '@/lib/schemas';

const SIGNUP_OFF_MESSAGE = 'This server does not accept new accounts. Ask its administrator for one.';

const signUpSchema = z.object({
  email: emailSchema,
  password: z
    .string()
    .min(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`),
  name: followsTextRule(z.string().trim().max(100, 'name must be at most 100 characters'), 'name').optional(),
});

const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX, 'Wrong email or password.'),
});

/** Creates a host account, then signs it in and opens the dashboard. */
export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!env().ALLOW_SIGNUP) return { status: 'error', message: SIGNUP_OFF_MESSAGE };
  const values = formValues(form, ['name']);
  const parsed = signUpSchema.safeParse(values);
  if (!parsed.success) return invalidState(parsed.error, values);
  try {
    // Counted before the password is hashed: a flood of sign-ups never reaches argon2.
    await enforce('signUpPerIp', clientIp(await headers()));
    await createHost(parsed.data);
  } catch (err) {
    return errorState(err, values);
  }
  return signInWithPassword(parsed.data.email, parsed.data.password);
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return invalidState(parsed.error, values);
  return signInWithPassword(parsed.data.email, parsed.data.password);
}

async function signInWithPassword(email: string, password: string): Promise<FormState> {
  try {
    await signIn('credentials', { email, password, redirectTo: '/dashboard' });
  } catch (err) {
    // Only Auth.js's own errors are a failed sign-in; the redirect to the dashboard must go through.
    if (err instanceof SignInLimited) return { status: 'error', message: err.message, values: { email } };
    if (err instanceof AuthError)
      return { status: 'error', message: 'Wrong email or password.', values: { email } };
    throw err;
  }
  return { status: 'ok', data: undefined };
}

/** Starts an OAuth sign-in with a provider this deployment offers. */
export async function oauthSignInAction(form: FormData): Promise<void> {
  const provider = oauthProviders().find((p) => p.id === form.get('provider'));
  if (!provider) return;
  await signIn(provider.id, { redirectTo: '/dashboard' });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/' });
}
