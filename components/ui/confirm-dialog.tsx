'use client';

import { useId, useRef, type ReactNode } from 'react';
import { buttonClass, type ButtonVariant } from './button';

interface ConfirmDialogProps {
  /** Visible text of the button that opens the dialog, e.g. "Remove". */
  triggerText: string;
  /** The rest of the trigger's accessible name, e.g. "Ada". */
  triggerContext?: string;
  title: string;
  children: ReactNode;
  /** The confirming button, e.g. "Remove Ada". */
  confirmText: string;
  /** What confirming does: a form action (with `fields` as hidden inputs), or a plain callback. */
  action?: (form: FormData) => void;
  onConfirm?: () => void;
  /** Hidden form fields sent with the confirmation. */
  fields?: Record<string, string>;
  disabled?: boolean;
  /** Looks of the trigger and of the confirming button (default: danger). */
  triggerVariant?: ButtonVariant;
  confirmVariant?: ButtonVariant;
}

/**
 * A destructive action behind a native modal dialog: it traps focus, closes on Escape, and gives focus
 * back to the button that opened it. Cancel gets focus first, so Enter never destroys by accident.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
        className={buttonClass(props.triggerVariant ?? 'ghost-danger', 'sm')}
      >
        {props.triggerText}
        {props.triggerContext && <span className="sr-only"> {props.triggerContext}</span>}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form
          action={props.action}
          onSubmit={(e) => {
            dialog.current?.close();
            if (props.action) return;
            e.preventDefault();
            props.onConfirm?.();
          }}
          className="space-y-4 p-5"
        >
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {props.title}
          </h2>
          <div className="text-sm text-slate-700">{props.children}</div>
          {Object.entries(props.fields ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <DialogActions
            onCancel={() => dialog.current?.close()}
            confirmText={props.confirmText}
            confirmVariant={props.confirmVariant}
          />
        </form>
      </dialog>
    </>
  );
}

/**
 * A confirmation dialog's buttons: Cancel, focused first so Enter never confirms by accident, and the
 * submit button of the dialog's form.
 */
export function DialogActions(props: {
  onCancel: () => void;
  confirmText: string;
  confirmVariant?: ButtonVariant;
}) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" autoFocus onClick={props.onCancel} className={buttonClass('secondary')}>
        Cancel
      </button>
      <button type="submit" className={buttonClass(props.confirmVariant ?? 'danger')}>
        {props.confirmText}
      </button>
    </div>
  );
}
