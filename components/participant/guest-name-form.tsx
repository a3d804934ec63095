'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';

interface GuestNameFormProps {
  meetingId: string;
  token: string;
  action: FormAction;
}

export function GuestNameForm({ meetingId, token, action }: GuestNameFormProps) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} noValidate className="space-y-4 text-left">
      <input type="hidden" name="meeting_id" value={meetingId} />
      <input type="hidden" name="token" value={token} />
      <TextField
        label="Your name"
        name="name"
        required
        maxLength={100}
        autoComplete="name"
        hint="Others in the meeting see this name."
        defaultValue={valueOf(state, 'name')}
        error={fieldError(state, 'name')}
      />
      <FormMessage state={state} />
      <SubmitButton className="w-full">Join meeting</SubmitButton>
    </form>
  );
}
