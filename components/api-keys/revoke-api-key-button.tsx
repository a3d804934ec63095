'use client';

import { useActionState } from 'react';
import { idle, type FormAction } from '@/lib/actions/form-state';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormMessage } from '@/components/ui/form-message';

interface RevokeApiKeyButtonProps {
  keyId: string;
  name: string;
  action: FormAction<string>;
}

export function RevokeApiKeyButton({ keyId, name, action }: RevokeApiKeyButtonProps) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmDialog
        triggerText="Revoke"
        triggerContext={name}
        title={`Revoke the API key “${name}”?`}
        confirmText="Revoke key"
        action={formAction}
        fields={{ key_id: keyId }}
      >
        Programs using this key stop working at once. This cannot be undone.
      </ConfirmDialog>
      <FormMessage state={state} />
    </div>
  );
}
