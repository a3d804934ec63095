'use client';

import { useId, useRef, type ReactNode } from 'react';
import { buttonClass, type ButtonVariant } from '@/components/ui/button';

interface ConfirmButtonProps {
  /** The trigger's visible text and, with `context`, its accessible name. */
  label: string;
  context?: string;
  variant?: ButtonVariant;
  title: string;
  children: ReactNode;
  confirmText: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/**
 * A button that asks first, in a native modal dialog: focus is trapped, Escape cancels, focus returns to
 * the trigger, and Cancel has focus first so Enter never confirms by accident.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
        className={buttonClass(props.variant ?? 'danger', 'sm')}
      >
        {props.label}
        {props.context && <span className="sr-only"> {props.context}</span>}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-xl border border-slate-200 p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <div className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {props.title}
          </h2>
          <div className="text-sm text-slate-700">{props.children}</div>
          <div className="flex justify-end gap-2">
            <button
              type="button"
              autoFocus
              onClick={() => dialog.current?.close()}
              className={buttonClass('secondary')}
            >
              Cancel
            </button>
            <button
              type="button"
              onClick={() => {
                dialog.current?.close();
                props.onConfirm();
              }}
              className={buttonClass('danger')}
            >
              {props.confirmText}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
