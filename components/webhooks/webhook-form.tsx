'use client';

import { useActionState } from 'react';
import { fieldError, idle, valueOf, type FormAction } from '@/lib/actions/form-state';
import { WEBHOOK_EVENTS } from '@/lib/webhooks/event-names';
import { CheckboxField, TextField } from '@/components/ui/field';
import { CopyField } from '@/components/ui/copy-field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';

const EVENT_LABELS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  'meeting.started': 'Meeting started (the first person joined)',
  'meeting.ended': 'Meeting ended (the last person left)',
  'meeting.participantJoined': 'Participant joined a meeting or room',
  'meeting.participantLeft': 'Participant left a meeting or room',
  'breakout.roomsCreated': 'Breakout rooms created',
  'breakout.roomsClosed': 'Breakout rooms closed',
  'breakout.participantsMoved': 'Participants moved between rooms',
  'recording.statusUpdate': 'Recording status changed',
  'chat.message': 'Chat messages (every message: opt in only if you need them)',
};

interface WebhookFormProps<T> {
  action: FormAction<T>;
  /** The endpoint being edited; a new one when left out. */
  webhook?: { id: string; name: string; url: string; events: string[]; enabled: boolean };
  submitText: string;
}

/** Create or edit a webhook endpoint: name, URL, events (checkboxes) and whether it is on. */
export function WebhookForm<T>({ action, webhook, submitText }: WebhookFormProps<T>) {
  const [state, formAction] = useActionState(action, idle);
  const failed = state.status === 'invalid' || state.status === 'error';
  const checked = (field: string, saved: boolean) => (failed ? valueOf(state, field) === 'on' : saved);
  const secret = state.status === 'ok' ? (state.data as { secret?: string; name?: string }) : undefined;
  return (
    <div className="space-y-4">
      <form action={formAction} noValidate className="space-y-4">
        {webhook && <input type="hidden" name="webhook_id" value={webhook.id} />}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            required
            maxLength={100}
            autoComplete="off"
            placeholder="e.g. CRM sync"
            defaultValue={valueOf(state, 'name') ?? webhook?.name}
            error={fieldError(state, 'name')}
          />
          <TextField
            label="URL"
            name="url"
            type="url"
            required
            maxLength={2000}
            autoComplete="off"
            placeholder="https://example.com/webhooks/breakout"
            hint="An http or https address on the internet. Signed deliveries are POSTed here."
            defaultValue={valueOf(state, 'url') ?? webhook?.url}
            error={fieldError(state, 'url')}
          />
        </div>
        <fieldset
          className="space-y-2"
          aria-describedby={fieldError(state, 'events') ? 'webhook-events-error' : undefined}
        >
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((e) => (
              <CheckboxField
                key={`${e}-${state.status}`}
                name={`event:${e}`}
                label={EVENT_LABELS[e]}
                hint={e}
                defaultChecked={checked(`event:${e}`, webhook?.events.includes(e) ?? false)}
              />
            ))}
          </div>
          {fieldError(state, 'events') && (
            <p id="webhook-events-error" className="text-sm text-red-700">
              {fieldError(state, 'events')}
            </p>
          )}
        </fieldset>
        <CheckboxField
          key={`enabled-${state.status}`}
          name="enabled"
          label="Enabled"
          hint="A disabled endpoint keeps its undelivered events until it is enabled again."
          defaultChecked={checked('enabled', webhook?.enabled ?? true)}
        />
        <SubmitButton>{submitText}</SubmitButton>
      </form>
      <FormMessage state={state} />
      {secret?.secret && (
        <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-medium text-amber-900">
            Copy this signing secret now. It is shown only once. Your receiver uses it to check that each
            delivery comes from this server (see the README).
          </p>
          <CopyField
            label="Signing secret"
            value={secret.secret}
            copyText="Copy secret"
            copyContext={secret.name ?? 'webhook'}
          />
        </div>
      )}
    </div>
  );
}
