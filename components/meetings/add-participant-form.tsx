'use client';

import { startTransition, useActionState, useRef, type FormEvent } from 'react';
import { fieldError, idle, type FormAction, type FormState } from '@/lib/actions/form-state';
import { buttonClass } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField, TextField } from '@/components/ui/field';

type Added = { id: string; join_url: string; name: string };

interface AddParticipantFormProps {
  meetingId: string;
  presetNames: string[];
  defaultPreset: string;
  action: FormAction<Added>;
}

/** The fields that describe one person: emptied as soon as they are sent, so the next one can be typed. */
const PERSON_FIELDS = ['name', 'custom_participant_id', 'picture'] as const;

const textOf = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};

const fieldOf = (form: HTMLFormElement | null, name: string) =>
  form?.elements.namedItem(name) as HTMLInputElement | null | undefined;

/** Puts a failed person's values back, unless the host already typed the next person. */
function restoreFields(form: HTMLFormElement | null, data: FormData) {
  if (PERSON_FIELDS.some((f) => fieldOf(form, f)?.value)) return;
  for (const f of PERSON_FIELDS) {
    const input = fieldOf(form, f);
    if (input) input.value = textOf(data, f);
  }
}

/**
 * Adds participants one after another. Each submit takes its own copy of the fields and is queued; the
 * fields are emptied at once (the preset stays), so a host typing a class list never waits, and each
 * answer names the person it is about. A failed one puts its values back, unless the host already typed
 * the next person.
 */
export function AddParticipantForm({
  meetingId,
  presetNames,
  defaultPreset,
  action,
}: AddParticipantFormProps) {
  const form = useRef<HTMLFormElement>(null);
  const [state, dispatch, pending] = useActionState(async (prev: FormState<Added>, data: FormData) => {
    const next = await action(prev, data);
    if (next.status === 'ok' || next.status === 'idle') return next;
    restoreFields(form.current, data);
    const name = textOf(data, 'name').trim();
    return name ? { ...next, message: `${name} was not added: ${next.message ?? ''}` } : next;
  }, idle);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    for (const f of PERSON_FIELDS) {
      const input = fieldOf(e.currentTarget, f);
      if (input) input.value = '';
    }
    startTransition(() => dispatch(data));
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="meeting_id" value={meetingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={100}
          autoComplete="off"
          error={fieldError(state, 'name')}
        />
        <SelectField
          label="Preset"
          name="preset_name"
          defaultValue={defaultPreset}
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
          error={fieldError(state, 'custom_participant_id')}
        />
        <TextField
          label="Picture URL (optional)"
          name="picture"
          type="url"
          maxLength={2048}
          placeholder="https://…"
          error={fieldError(state, 'picture')}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        {/* Never blocked while an add is on its way: the next submit simply queues behind it. */}
        <button type="submit" className={buttonClass('primary')}>
          {pending && (
            <span
              aria-hidden="true"
              className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
            />
          )}
          Add participant
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
