'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { CopyField } from '@/components/ui/copy-field';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';

export function CreateApiKeyForm({ action }: { action: FormAction<{ name: string; key: string }> }) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <div className="space-y-4">
      <form action={formAction} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          label="Key name"
          name="name"
          required
          maxLength={100}
          autoComplete="off"
          placeholder="e.g. LMS integration"
          hint="So you can tell your keys apart later."
          className="flex-1"
          defaultValue={valueOf(state, 'name')}
          error={fieldError(state, 'name')}
        />
        <div className="sm:pt-7">
          <SubmitButton>Create API key</SubmitButton>
        </div>
      </form>
      <FormMessage state={state} />
      {state.status === 'ok' && (
        <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-medium text-amber-900">
            Copy this key now. It is shown only once: the server keeps only a fingerprint of it. If you lose
            it, revoke it and create a new one.
          </p>
          <CopyField
            label="New API key"
            value={state.data.key}
            copyText="Copy key"
            copyContext={state.data.name}
          />
        </div>
      )}
    </div>
  );
}
