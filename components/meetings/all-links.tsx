'use client';

import { useState } from 'react';
import { linksCsv, type LinkRow as CsvRow } from '@/lib/participants/links-csv';
import { buttonClass } from '@/components/ui/button';

export type LinkRow = CsvRow & { id: string };

/**
 * Every participant's link at once: copied as CSV (it pastes into a spreadsheet or a mail merge) or
 * downloaded as a .csv file from the server.
 */
export function AllLinks({ links, csvHref }: { links: LinkRow[]; csvHref: string }) {
  const [status, setStatus] = useState('');
  const missing = links.filter((l) => !l.join_url).length;

  async function copyAll() {
    try {
      await navigator.clipboard.writeText(linksCsv(links));
      setStatus(
        `Copied ${links.length === 1 ? '1 link' : `${links.length} links`} as CSV (name, custom ID, link).`,
      );
    } catch {
      setStatus('Could not copy automatically: download the CSV file instead.');
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" onClick={() => void copyAll()} className={buttonClass('secondary', 'sm')}>
        Copy all links
      </button>
      <a href={csvHref} download className={buttonClass('secondary', 'sm')}>
        Download links (CSV)
      </a>
      <p role="status" className="text-xs text-emerald-800">
        {status}
      </p>
      {missing > 0 && (
        <p className="w-full text-xs text-slate-600">
          {missing === 1 ? '1 person has' : `${missing} people have`} a link made before links could be shown
          again: it still works, but its cell is empty. Use New link to be able to show it again.
        </p>
      )}
    </div>
  );
}
