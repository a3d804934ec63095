'use client';

import { useActionState } from 'react';
import { fieldError, idle, type FormAction } from '@/lib/actions/form-state';
import { CopyField } from '@/components/ui/copy-field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField, TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

interface InvitePanelProps<T> {
  meetingId: string;
  invite: {
    enabled: boolean;
    preset_name: string | null;
    url: string | null;
    guest_limit: number;
    guests: number;
  };
  presetNames: string[];
  defaultPreset: string;
  action: FormAction<T>;
}

/** The meeting's shareable invite link: off by default; guests who use it type their own name. */
export function InvitePanel<T>({
  meetingId,
  invite,
  presetNames,
  defaultPreset,
  action,
}: InvitePanelProps<T>) {
  const [state, formAction] = useActionState(action, idle);
  const preset = invite.preset_name ?? defaultPreset;
  return (
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="meeting_id" value={meetingId} />
      {invite.enabled && invite.url ? (
        <>
          <CopyField
            label="Invite link"
            value={invite.url}
            copyText="Copy invite link"
            hint="Anyone with this link can join as a guest after typing their name."
          />
        </>
      ) : (
        <p className="text-sm text-slate-600">
          The invite link is off: only the participants you add can join. Turn it on to let anyone with the
          link join as a guest.
        </p>
      )}
      <SelectField
        label="Permissions for guests"
        name="preset_name"
        defaultValue={preset}
        hint="Guests get the permissions of this preset."
        error={fieldError(state, 'preset_name')}
      >
        {presetNames.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Most guests"
        name="guest_limit"
        type="number"
        inputMode="numeric"
        min={1}
        defaultValue={String(invite.guest_limit)}
        hint={`${invite.guests} of ${invite.guest_limit} guests have joined through the link. Past that, the link turns people away.`}
        error={fieldError(state, 'guest_limit')}
      />
      <div className="flex flex-wrap gap-2">
        {invite.enabled ? (
          <>
            <SubmitButton variant="secondary" name="intent" value="on">
              Save guest settings
            </SubmitButton>
            <SubmitButton variant="secondary" name="intent" value="regenerate">
              New invite link
            </SubmitButton>
            <SubmitButton variant="ghost" name="intent" value="off">
              Turn off invite link
            </SubmitButton>
          </>
        ) : (
          <SubmitButton name="intent" value="on">
            Turn on invite link
          </SubmitButton>
        )}
      </div>
      <FormMessage state={state} />
    </form>
  );
}
