import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { OAuthButtons } from '@/components/auth/oauth-buttons';
import { SignInForm } from '@/components/auth/sign-in-form';
import { oauthProviders } from '@/lib/auth/config';
import { currentHost } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { oauthSignInAction, signInAction } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  if (await currentHost()) redirect('/dashboard');
  // Auth.js's own sign-in route redirects here with `code` when a limit refused the attempt.
  const { code } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">Welcome back. Sign in to run your meetings.</p>
      {code === 'rate_limited' && (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Too many sign-in attempts. Wait a few minutes, then try again.
        </p>
      )}
      <SignInForm action={signInAction} canSignUp={env().ALLOW_SIGNUP} />
      <div className="mt-6">
        <OAuthButtons providers={oauthProviders()} action={oauthSignInAction} />
      </div>
    </>
  );
}
