'use client';

import { Fragment, useActionState, useRef, useState } from 'react';
import { fieldError, idle, valueOf, type FormAction, type FormState } from '@/lib/actions/form-state';
import { PresenceStatus } from '@/components/meeting/presence';
import { buttonClass } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CopyField } from '@/components/ui/copy-field';
import { SelectField, TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

export interface ParticipantRowData {
  id: string;
  name: string;
  preset_name: string;
  custom_participant_id: string | null;
  /** Labels hosts give them ("mentor"), to spread them over breakout rooms. */
  tags: string[];
  /** Their current join link, or null when it was made before links could be shown again. */
  join_url: string | null;
}

export interface ParticipantActions {
  add: FormAction<{ id: string; join_url: string; name: string }>;
  update: FormAction;
  newLink: FormAction<{ id: string; join_url: string }>;
  remove: FormAction<string>;
}

interface ParticipantRowProps {
  meetingId: string;
  participant: ParticipantRowData;
  presetNames: string[];
  /** Whether their join link is shown below the row. */
  linkOpen: boolean;
  actions: ParticipantActions;
  onToggleLink: (show: boolean) => void;
  onMessage: (state: FormState<unknown>) => void;
}

/** One participant: their details, their join link on demand, inline editing, a new link, removal. */
export function ParticipantRow({
  meetingId,
  participant: p,
  presetNames,
  linkOpen,
  actions,
  ...on
}: ParticipantRowProps) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const ids = { meeting_id: meetingId, participant_id: p.id };

  const closeEditor = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const [editState, editAction] = useActionState(async (prev: FormState, form: FormData) => {
    const next = await actions.update(prev, form);
    on.onMessage(next);
    if (next.status === 'ok') closeEditor();
    return next;
  }, idle);
  const [, linkAction] = useActionState(
    async (prev: FormState<{ id: string; join_url: string }>, form: FormData) => {
      const next = await actions.newLink(prev, form);
      if (next.status === 'ok') on.onToggleLink(true);
      on.onMessage(next);
      return next;
    },
    idle,
  );
  const [, removeAction] = useActionState(async (prev: FormState<string>, form: FormData) => {
    const next = await actions.remove(prev, form);
    if (next.status === 'ok') on.onToggleLink(false);
    on.onMessage(next);
    return next;
  }, idle);

  return (
    <Fragment>
      <tr className="align-middle">
        <th scope="row" className="py-3 pr-4 text-left font-medium text-slate-900">
          {p.name}
          {p.tags.length > 0 && (
            <ul aria-label={`Tags of ${p.name}`} className="mt-1 flex flex-wrap gap-1">
              {p.tags.map((t) => (
                <li key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700">
                  {t}
                </li>
              ))}
            </ul>
          )}
        </th>
        <td className="py-3 pr-4 text-slate-700">{p.preset_name}</td>
        <td className="py-3 pr-4">
          <PresenceStatus participantId={p.id} />
        </td>
        <td className="py-3 pr-4 font-mono text-xs text-slate-600">{p.custom_participant_id ?? '—'}</td>
        <td className="py-3">
          <div className="flex flex-wrap justify-end gap-1">
            <button
              ref={editButton}
              type="button"
              aria-expanded={editing}
              onClick={() => (editing ? closeEditor() : setEditing(true))}
              className={buttonClass('ghost', 'sm')}
            >
              Edit<span className="sr-only"> {p.name}</span>
            </button>
            <button
              type="button"
              aria-expanded={linkOpen}
              onClick={() => on.onToggleLink(!linkOpen)}
              className={buttonClass('ghost', 'sm')}
            >
              Link<span className="sr-only"> for {p.name}</span>
            </button>
            <ConfirmDialog
              triggerText="New link"
              triggerContext={`for ${p.name}`}
              triggerVariant="ghost"
              title={`Make a new link for ${p.name}?`}
              confirmText="Make new link"
              confirmVariant="primary"
              action={linkAction}
              fields={ids}
            >
              The link {p.name} has now stops working at once, and if they are in the call with it they are
              disconnected. Send them the new link.
            </ConfirmDialog>
            <ConfirmDialog
              triggerText="Remove"
              triggerContext={p.name}
              title={`Remove ${p.name}?`}
              confirmText="Remove participant"
              action={removeAction}
              fields={ids}
            >
              Their join link stops working at once. This cannot be undone.
            </ConfirmDialog>
          </div>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={5} className="pb-4">
            <form
              action={editAction}
              noValidate
              className="grid gap-3 rounded-lg bg-slate-50 p-4 sm:grid-cols-[1fr_1fr_1fr_auto]"
            >
              <HiddenFields values={ids} />
              <TextField
                label={
                  <>
                    Name<span className="sr-only"> of {p.name}</span>
                  </>
                }
                name="name"
                required
                maxLength={100}
                autoFocus
                defaultValue={valueOf(editState, 'name') ?? p.name}
                error={fieldError(editState, 'name')}
              />
              <SelectField
                label={
                  <>
                    Preset<span className="sr-only"> of {p.name}</span>
                  </>
                }
                name="preset_name"
                defaultValue={valueOf(editState, 'preset_name') ?? p.preset_name}
                error={fieldError(editState, 'preset_name')}
              >
                {presetNames.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </SelectField>
              <TextField
                label={
                  <>
                    Tags<span className="sr-only"> of {p.name}</span>
                  </>
                }
                name="tags"
                hint="Separated by commas, e.g. mentor, table 3"
                defaultValue={valueOf(editState, 'tags') ?? p.tags.join(', ')}
                error={fieldError(editState, 'tags')}
              />
              <div className="flex items-end gap-2">
                <SubmitButton>
                  Save<span className="sr-only"> {p.name}</span>
                </SubmitButton>
                <button type="button" onClick={closeEditor} className={buttonClass('secondary')}>
                  Cancel
                </button>
              </div>
            </form>
          </td>
        </tr>
      )}
      {linkOpen && (
        <tr>
          <td colSpan={5} className="pb-4">
            <div className="rounded-lg border border-indigo-100 bg-indigo-50/60 p-4">
              {p.join_url ? (
                <CopyField
                  label={`Join link for ${p.name}`}
                  value={p.join_url}
                  copyText="Copy link"
                  copyContext={`for ${p.name}`}
                  hint={`Send it to ${p.name} only: it signs in as them. You can show it here again at any time.`}
                />
              ) : (
                <p className="text-sm text-slate-700">
                  {p.name}&apos;s link was made before links could be shown again. It still works, but it
                  cannot be shown here: use New link to make one you can show at any time (the old link then
                  stops working).
                </p>
              )}
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function HiddenFields({ values }: { values: Record<string, string> }) {
  return Object.entries(values).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
}
