'use client';

import { useActionState } from 'react';
import { idle, type FormAction } from '@/lib/actions/form-state';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';

/** "Resend" for one delivery of the log. */
export function ResendButton(props: {
  webhookId: string;
  deliveryId: string;
  type: string;
  action: FormAction<string>;
}) {
  const [state, formAction] = useActionState(props.action, idle);
  return (
    <form action={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="webhook_id" value={props.webhookId} />
      <input type="hidden" name="delivery_id" value={props.deliveryId} />
      <SubmitButton variant="secondary" size="sm">
        Resend<span className="sr-only"> {props.type}</span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

/** "Delete" for a webhook endpoint, after a confirmation. */
export function DeleteWebhookButton(props: { webhookId: string; name: string; action: FormAction<string> }) {
  const [state, formAction] = useActionState(props.action, idle);
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmDialog
        triggerText="Delete"
        triggerContext={props.name}
        title={`Delete the webhook “${props.name}”?`}
        confirmText="Delete webhook"
        action={formAction}
        fields={{ webhook_id: props.webhookId }}
      >
        Its delivery log and any events not yet delivered are deleted too.
      </ConfirmDialog>
      <FormMessage state={state} />
    </div>
  );
}
