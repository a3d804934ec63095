'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { fieldName, PERMISSION_GROUPS, readPermission } from '@/lib/presets/permission-fields';
import type { Permissions } from '@/lib/presets/permissions';
import { CheckboxField, SelectField, TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';

interface PresetFormProps<T> {
  action: FormAction<T>;
  /** The preset being edited; none for a new one. */
  preset?: { id: string; name: string };
  permissions: Permissions;
  submitText: 'Create preset' | 'Save preset';
}

/** A preset's name and every permission, each a labelled control. */
export function PresetForm<T>({ action, preset, permissions, submitText }: PresetFormProps<T>) {
  const [state, formAction] = useActionState(action, idle);
  // After a refused attempt, show what was sent; otherwise the stored (or default) values.
  const sent = state.status === 'invalid' || state.status === 'error' ? state.values : undefined;
  const checked = (path: string) =>
    sent ? sent[fieldName(path)] !== undefined : readPermission(permissions, path) === true;
  const selected = (path: string) => sent?.[fieldName(path)] ?? String(readPermission(permissions, path));

  return (
    <form action={formAction} noValidate className="space-y-6">
      {preset && <input type="hidden" name="preset_id" value={preset.id} />}
      <TextField
        label="Preset name"
        name="name"
        required
        maxLength={64}
        hint="Letters, digits, spaces, “_”, “.” and “-”. The REST API refers to presets by this name."
        defaultValue={valueOf(state, 'name') ?? preset?.name}
        error={fieldError(state, 'name')}
        className="max-w-md"
      />
      <div className="grid gap-4 md:grid-cols-2">
        {PERMISSION_GROUPS.map((group) => (
          <fieldset key={group.title} className="rounded-lg border border-slate-200 p-4">
            <legend className="px-1 text-sm font-semibold text-slate-900">{group.title}</legend>
            <div className="space-y-3">
              {group.fields.map((field) =>
                field.kind === 'toggle' ? (
                  <CheckboxField
                    key={field.path}
                    name={fieldName(field.path)}
                    label={field.label}
                    hint={field.hint}
                    defaultChecked={checked(field.path)}
                  />
                ) : (
                  <SelectField
                    key={field.path}
                    name={fieldName(field.path)}
                    label={field.label}
                    defaultValue={selected(field.path)}
                    error={fieldError(state, fieldName(field.path))}
                  >
                    <option value="ALLOWED">Allowed</option>
                    <option value="NOT_ALLOWED">Not allowed</option>
                  </SelectField>
                ),
              )}
            </div>
          </fieldset>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton>{submitText}</SubmitButton>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
