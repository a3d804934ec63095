'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField, TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

interface AddParticipantFormProps {
  meetingId: string;
  presetNames: string[];
  defaultPreset: string;
  action: FormAction<{ id: string; join_url: string; name: string }>;
}

export function AddParticipantForm({
  meetingId,
  presetNames,
  defaultPreset,
  action,
}: AddParticipantFormProps) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="meeting_id" value={meetingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={100}
          autoComplete="off"
          defaultValue={valueOf(state, 'name')}
          error={fieldError(state, 'name')}
        />
        <SelectField
          label="Preset"
          name="preset_name"
          defaultValue={valueOf(state, 'preset_name') ?? defaultPreset}
          error={fieldError(state, 'preset_name')}
        >
          {presetNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Custom participant ID (optional)"
          name="custom_participant_id"
          maxLength={255}
          autoComplete="off"
          hint="Your own id for this person, e.g. from your school or CRM. Unique within the meeting."
          defaultValue={valueOf(state, 'custom_participant_id')}
          error={fieldError(state, 'custom_participant_id')}
        />
        <TextField
          label="Picture URL (optional)"
          name="picture"
          type="url"
          maxLength={2048}
          placeholder="https://…"
          defaultValue={valueOf(state, 'picture')}
          error={fieldError(state, 'picture')}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton>Add participant</SubmitButton>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
