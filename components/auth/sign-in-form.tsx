'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { FormMessage } from '@/components/ui/form-message';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

export function SignInForm({ action, canSignUp }: { action: FormAction; canSignUp: boolean }) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={valueOf(state, 'email')}
        error={fieldError(state, 'email')}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldError(state, 'password')}
      />
      <FormMessage state={state} />
      <SubmitButton className="w-full">Sign in</SubmitButton>
      {canSignUp && (
        <p className="text-center text-sm text-slate-600">
          New here?{' '}
          <Link href="/signup" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            Create an account
          </Link>
        </p>
      )}
    </form>
  );
}
