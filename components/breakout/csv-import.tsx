'use client';

import { useId, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import type { ConnectedMeetings, CsvImportResult } from '@/lib/client/connected-meetings';
import { errorMessage } from './use-breakout';

/**
 * Import a CSV plan into the draft: the file is previewed first (who is matched, who is unknown, who is
 * named twice) and saved only on Confirm. Export downloads the draft as the same kind of file.
 */
export function CsvImport({ cm, announce }: { cm: ConnectedMeetings; announce: (m: string) => void }) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [preview, setPreview] = useState<CsvImportResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setFile(undefined);
    setPreview(undefined);
    if (fileInput.current) fileInput.current.value = '';
  };

  const choose = async (f: File | undefined) => {
    setError(undefined);
    setPreview(undefined);
    if (!f) return;
    setBusy(true);
    try {
      const text = await f.text();
      setFile({ name: f.name, text });
      setPreview(await cm.importDraftCsv(text, true));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const done = await cm.importDraftCsv(file.text, false);
      announce(
        `Plan imported: ${done.draft.rooms.length} rooms, ${done.matched.length} people assigned` +
          (done.unknown.length ? `, ${done.unknown.length} not found.` : '.'),
      );
      reset();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {/* The file input sits inside its label, so the label shows the keyboard focus ring. */}
        <label
          className={buttonClass(
            'secondary',
            'sm',
            'cursor-pointer focus-within:ring-2 focus-within:ring-indigo-500 focus-within:ring-offset-2',
          )}
        >
          Import CSV plan
          <input
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${id}-help`}
            className="sr-only"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
        <a href={cm.draftExportUrl} download className={buttonClass('ghost', 'sm')}>
          Export CSV
        </a>
      </div>
      <p id={`${id}-help`} className="text-xs text-slate-600">
        A CSV with a header row: <code>room</code> and one of <code>participant_id</code>,{' '}
        <code>custom_participant_id</code> or <code>name</code>. It replaces the draft after a preview.
      </p>
      {busy && !preview && <p className="text-sm text-slate-600">Reading the plan…</p>}
      {error && (
        <p role="alert" className="text-sm whitespace-pre-line text-red-700">
          {error}
        </p>
      )}
      {preview && file && (
        <section
          aria-labelledby={`${id}-title`}
          className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm"
        >
          <h3 id={`${id}-title`} className="font-semibold">
            Preview of {file.name}
          </h3>
          <p>
            {preview.draft.rooms.length} {preview.draft.rooms.length === 1 ? 'room' : 'rooms'} (
            {preview.draft.rooms.map((r) => r.title).join(', ')}); {preview.matched.length}{' '}
            {preview.matched.length === 1 ? 'person' : 'people'} matched.
          </p>
          {preview.unknown.length > 0 && (
            <div>
              <p className="font-medium text-amber-900">Not found, left out ({preview.unknown.length}):</p>
              <ul className="list-disc pl-5">
                {preview.unknown.map((u) => (
                  <li key={u.line}>
                    line {u.line}: {u.value}
                    {u.reason === 'ambiguous' ? ' (several people have this name: use an id column)' : ''}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {preview.duplicates.length > 0 && (
            <div>
              <p className="font-medium text-amber-900">
                Named twice, the first row counts ({preview.duplicates.length}):
              </p>
              <ul className="list-disc pl-5">
                {preview.duplicates.map((d) => (
                  <li key={d.line}>
                    line {d.line}: {d.name} (first on line {d.first_line})
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="flex gap-2">
            <button
              type="button"
              disabled={busy}
              onClick={() => void confirm()}
              className={buttonClass('primary', 'sm')}
            >
              Confirm import
            </button>
            <button type="button" onClick={reset} className={buttonClass('ghost', 'sm')}>
              Cancel
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
