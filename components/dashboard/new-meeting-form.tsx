'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { FormMessage } from '@/components/ui/form-message';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { RecordOnStartSwitch } from '@/components/meetings/meeting-settings';

export function NewMeetingForm<T>({ action }: { action: FormAction<T> }) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="space-y-2" noValidate>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          label="Meeting title"
          name="title"
          required
          maxLength={200}
          placeholder="e.g. Weekly workshop"
          className="flex-1"
          defaultValue={valueOf(state, 'title')}
          error={fieldError(state, 'title')}
        />
        <div className="sm:pt-7">
          <SubmitButton>Create meeting</SubmitButton>
        </div>
      </div>
      <RecordOnStartSwitch defaultChecked={valueOf(state, 'record_on_start') === 'on'} />
      <FormMessage state={state} />
    </form>
  );
}
