'use client';

import { useActionState } from 'react';
import { idle, type FormAction } from '@/lib/actions/form-state';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';

/** The host's way into their own call, as a participant with the host preset. */
export function HostJoinButton({ meetingId, action }: { meetingId: string; action: FormAction }) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex flex-col items-start gap-1 sm:items-end">
      <input type="hidden" name="meeting_id" value={meetingId} />
      <SubmitButton>Join meeting</SubmitButton>
      <FormMessage state={state} className="max-w-xs sm:text-right" />
    </form>
  );
}
