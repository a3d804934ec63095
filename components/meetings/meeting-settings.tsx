'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { Badge } from '@/components/ui/badge';
import { FormMessage } from '@/components/ui/form-message';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

interface MeetingSettingsProps<T> {
  meeting: { id: string; title: string; status: 'ACTIVE' | 'INACTIVE' };
  renameAction: FormAction<T>;
  statusAction: FormAction<T>;
}

/** The meeting's title and whether people can join it. */
export function MeetingSettings<T>({ meeting, renameAction, statusAction }: MeetingSettingsProps<T>) {
  const [titleState, titleAction] = useActionState(renameAction, idle);
  const [statusState, setStatus] = useActionState(statusAction, idle);
  const active = meeting.status === 'ACTIVE';
  return (
    <div className="space-y-6">
      <form action={titleAction} noValidate className="space-y-3">
        <input type="hidden" name="meeting_id" value={meeting.id} />
        <TextField
          label="Meeting title"
          name="title"
          required
          maxLength={200}
          defaultValue={valueOf(titleState, 'title') ?? meeting.title}
          error={fieldError(titleState, 'title')}
        />
        <SubmitButton variant="secondary">Save title</SubmitButton>
        <FormMessage state={titleState} />
      </form>

      <form action={setStatus} className="space-y-3 border-t border-slate-100 pt-5">
        <input type="hidden" name="meeting_id" value={meeting.id} />
        <input type="hidden" name="status" value={active ? 'INACTIVE' : 'ACTIVE'} />
        <div className="flex items-center gap-2 text-sm">
          <span className="font-medium text-slate-800">Status:</span>
          <Badge tone={active ? 'green' : 'gray'}>{active ? 'Active' : 'Inactive'}</Badge>
        </div>
        <p className="text-sm text-slate-600">
          {active
            ? 'Participants can join with their links.'
            : 'Nobody can join: links show “not active” until you activate the meeting again.'}
        </p>
        <SubmitButton variant={active ? 'secondary' : 'primary'}>
          {active ? 'Deactivate meeting' : 'Activate meeting'}
        </SubmitButton>
        <FormMessage state={statusState} />
      </form>
    </div>
  );
}
