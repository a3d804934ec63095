'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { FormMessage } from '@/components/ui/form-message';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

interface SignUpFormProps {
  action: FormAction;
  passwordMin: number;
  passwordMax: number;
}

export function SignUpForm({ action, passwordMin, passwordMax }: SignUpFormProps) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        hint="Optional."
        maxLength={100}
        defaultValue={valueOf(state, 'name')}
        error={fieldError(state, 'name')}
      />
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
        autoComplete="new-password"
        required
        minLength={passwordMin}
        maxLength={passwordMax}
        hint={`At least ${passwordMin} characters.`}
        error={fieldError(state, 'password')}
      />
      <FormMessage state={state} />
      <SubmitButton className="w-full">Sign up</SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/signin" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
