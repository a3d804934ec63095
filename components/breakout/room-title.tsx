'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';

interface RoomTitleProps {
  title: string;
  /**
   * Saves the new title; `from` is the title this edit started from (or the one shown when the last save
   * failed), so a rename by someone else meanwhile can be noticed. Resolves false (the error shown by the
   * caller) to keep the form open.
   */
  onRename: (title: string, from: string) => Promise<boolean>;
  error?: string;
}

/** A room's heading with an inline rename: Enter saves, Escape cancels, focus returns to Rename. */
export function RoomTitle({ title, onRename, error }: RoomTitleProps) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(title);
  const [saving, setSaving] = useState(false);
  const [from, setFrom] = useState(title);
  const shown = useRef(title);
  useEffect(() => {
    shown.current = title;
  });
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const id = useId();

  useEffect(() => {
    if (editing) input.current?.select();
    else if (returnFocus.current) {
      returnFocus.current = false;
      renameButton.current?.focus();
    }
  }, [editing]);

  const close = () => {
    returnFocus.current = true;
    setEditing(false);
  };

  if (!editing) {
    return (
      <div className="flex min-w-0 items-center gap-1">
        <h3 title={title} className="min-w-0 text-sm font-semibold break-words text-slate-900">
          {title}
        </h3>
        <button
          ref={renameButton}
          type="button"
          onClick={() => {
            setValue(title);
            setFrom(title);
            setEditing(true);
          }}
          className={buttonClass('ghost', 'sm', 'px-1.5! py-0.5! text-xs')}
        >
          Rename<span className="sr-only"> {title}</span>
        </button>
      </div>
    );
  }
  const trimmed = value.trim();
  return (
    <form
      className="flex min-w-0 flex-wrap items-center gap-1"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!trimmed || saving) return;
        if (trimmed === title) return close();
        setSaving(true);
        const ok = await onRename(trimmed, from);
        setSaving(false);
        if (ok) close();
        // The error says what the title is now; saving again means "use mine anyway".
        else setFrom(shown.current);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          close();
        }
      }}
    >
      <label htmlFor={id} className="sr-only">
        New name for {title}
      </label>
      <input
        ref={input}
        id={id}
        value={value}
        maxLength={100}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="w-36 rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900"
      />
      <button type="submit" disabled={!trimmed || saving} className={buttonClass('primary', 'sm')}>
        Save
      </button>
      <button type="button" onClick={close} className={buttonClass('ghost', 'sm')}>
        Cancel
      </button>
      {error && (
        <p id={`${id}-error`} role="alert" className="w-full text-xs text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
