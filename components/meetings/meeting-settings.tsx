'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { Badge } from '@/components/ui/badge';
import { FormMessage } from '@/components/ui/form-message';
import { CheckboxField, TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

interface MeetingSettingsProps<T> {
  meeting: { id: string; title: string; status: 'ACTIVE' | 'INACTIVE'; record_on_start: boolean };
  renameAction: FormAction<T>;
  statusAction: FormAction<T>;
  recordOnStartAction: FormAction<T>;
}

/** The meeting's title, whether people can join it, and whether its rooms record by themselves. */
export function MeetingSettings<T>({
  meeting,
  renameAction,
  statusAction,
  recordOnStartAction,
}: MeetingSettingsProps<T>) {
  const [titleState, titleAction] = useActionState(renameAction, idle);
  const [statusState, setStatus] = useActionState(statusAction, idle);
  const [recordState, setRecordOnStart] = useActionState(recordOnStartAction, idle);
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

      <form action={setRecordOnStart} className="space-y-3 border-t border-slate-100 pt-5">
        <input type="hidden" name="meeting_id" value={meeting.id} />
        <RecordOnStartSwitch key={String(meeting.record_on_start)} defaultChecked={meeting.record_on_start} />
        <SubmitButton variant="secondary">Save recording setting</SubmitButton>
        <FormMessage state={recordState} />
      </form>
    </div>
  );
}

/** The `record_on_start` switch, on the meeting's settings and on the new-meeting form. */
export function RecordOnStartSwitch({ defaultChecked }: { defaultChecked?: boolean }) {
  return (
    <CheckboxField
      name="record_on_start"
      role="switch"
      defaultChecked={defaultChecked}
      label="Record automatically"
      hint="The main meeting and every breakout room start recording when their first person arrives. Everyone in a recorded room sees that it is recorded."
    />
  );
}
