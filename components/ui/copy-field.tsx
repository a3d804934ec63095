'use client';

import { useId, useRef, useState } from 'react';
import { buttonClass } from './button';

interface CopyFieldProps {
  /** Visible label of the read-only field, e.g. "Join link for Ada". */
  label: string;
  value: string;
  /** Visible text of the button, e.g. "Copy link". */
  copyText: string;
  /** The rest of the button's accessible name, read after copyText, e.g. "for Ada". */
  copyContext?: string;
  hint?: React.ReactNode;
}

/** A read-only value with a Copy button; the result is announced in a live region. */
export function CopyField({ label, value, copyText, copyContext, hint }: CopyFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied to the clipboard.');
    } catch {
      // No clipboard API (plain http on another host, or permission refused): select the text instead.
      input.current?.focus();
      input.current?.select();
      setStatus('Could not copy automatically. The text is selected: press Ctrl+C (or ⌘C) to copy it.');
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
          className="block w-full min-w-0 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800"
        />
        <button
          type="button"
          onClick={() => void copy()}
          className={buttonClass('secondary', 'md', 'shrink-0')}
        >
          {copyText}
          {copyContext && <span className="sr-only"> {copyContext}</span>}
        </button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      <p role="status" className="text-xs text-emerald-800">
        {status}
      </p>
    </div>
  );
}
