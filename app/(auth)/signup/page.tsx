import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { OAuthButtons } from '@/components/auth/oauth-buttons';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { buttonClass } from '@/components/ui/button';
import { oauthProviders } from '@/lib/auth/config';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/password';
import { currentHost } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { oauthSignInAction, signUpAction } from '../actions';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage() {
  if (await currentHost()) redirect('/dashboard');
  if (!env().ALLOW_SIGNUP) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">Sign-up is turned off</h1>
        <p role="status" className="mt-2 text-sm text-slate-700">
          This server does not accept new accounts. Ask its administrator to create one for you, or sign in if
          you already have an account.
        </p>
        <Link href="/signin" className={buttonClass('primary', 'md', 'mt-6 w-full')}>
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        Host meetings, add participants and hand out their join links.
      </p>
      <SignUpForm action={signUpAction} passwordMin={PASSWORD_MIN} passwordMax={PASSWORD_MAX} />
      <div className="mt-6">
        <OAuthButtons providers={oauthProviders()} action={oauthSignInAction} />
      </div>
    </>
  );
}
