'use client';

import { useActionState } from 'react';
import { idle, type FormAction } from '@/lib/actions/form-state';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';

interface DeletePresetFormProps<T> {
  presetId: string;
  action: FormAction<T>;
}

/** Deletes the preset; while it is in use the server refuses, and the reason (who uses it) shows here. */
export function DeletePresetForm<T>({ presetId, action }: DeletePresetFormProps<T>) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="preset_id" value={presetId} />
      <p className="text-sm text-slate-600">
        Only a preset nobody uses can be deleted: no participant and no invite link. Deleting cannot be
        undone.
      </p>
      <SubmitButton variant="danger">Delete preset</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
