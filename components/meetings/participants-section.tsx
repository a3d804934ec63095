'use client';

import { useState } from 'react';
import type { FormState } from '@/lib/actions/form-state';
import { EmptyState, DataTable } from '@/components/ui/data-table';
import { PresenceProvider } from '@/components/meeting/presence';
import { AddParticipantForm } from './add-participant-form';
import { AllLinks, type LinkRow } from './all-links';
import { ParticipantRow, type ParticipantActions, type ParticipantRowData } from './participant-row';

interface ParticipantsSectionProps {
  meetingId: string;
  /** This page of the table. */
  participants: ParticipantRowData[];
  /** Every participant's current link, for "Copy all" and the CSV download. */
  links: LinkRow[];
  presetNames: string[];
  defaultPreset: string;
  actions: ParticipantActions;
}

const COLUMNS = [
  { label: 'Name' },
  { label: 'Preset' },
  { label: 'Status' },
  { label: 'Custom ID' },
  { label: 'Actions', hidden: true, align: 'right' as const },
];

/**
 * The add form, every link at once, and the participants table. A person's link is derived on the server
 * whenever the page is drawn, so it can be opened beside their row at any time; the ones just added open
 * by themselves.
 */
export function ParticipantsSection({
  meetingId,
  participants,
  links,
  presetNames,
  defaultPreset,
  actions,
}: ParticipantsSectionProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<{ text: string; ok: boolean }>({ text: '', ok: true });

  const toggle = (id: string, show: boolean) =>
    setOpen((s) => {
      const next = new Set(s);
      if (show) next.add(id);
      else next.delete(id);
      return next;
    });
  const onMessage = (state: FormState<unknown>) => {
    if (state.status !== 'idle' && state.message)
      setMessage({ text: state.message, ok: state.status === 'ok' });
  };
  const add: ParticipantActions['add'] = async (prev, form) => {
    const next = await actions.add(prev, form);
    if (next.status === 'ok') toggle(next.data.id, true);
    return next;
  };

  // Someone added while an earlier page is shown is listed on a later one: show their link here.
  const offPage = links.filter((l) => open.has(l.id) && !participants.some((p) => p.id === l.id));

  return (
    <div className="space-y-6">
      <AddParticipantForm
        meetingId={meetingId}
        presetNames={presetNames}
        defaultPreset={defaultPreset}
        action={add}
      />
      {offPage.length > 0 && (
        <div className="space-y-2 rounded-lg border border-indigo-100 bg-indigo-50/60 p-4 text-sm">
          <p className="text-slate-700">Added just now (listed on a later page):</p>
          <ul className="space-y-1">
            {offPage.map((l) => (
              <li key={l.id} className="break-all">
                <span className="font-medium">{l.name}</span>: {l.join_url}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="space-y-4 border-t border-slate-100 pt-4">
        {links.length > 0 && (
          <AllLinks links={links} csvHref={`/dashboard/meetings/${meetingId}/join-links.csv`} />
        )}
        <p role="status" className={`text-sm ${message.ok ? 'text-emerald-800' : 'text-red-700'}`}>
          {message.text}
        </p>
        {participants.length === 0 ? (
          <EmptyState>
            No participants yet. Add the first one above; each gets a personal join link.
          </EmptyState>
        ) : (
          <PresenceProvider meetingId={meetingId}>
            <DataTable caption="Participants" columns={COLUMNS}>
              {participants.map((p) => (
                <ParticipantRow
                  key={p.id}
                  meetingId={meetingId}
                  participant={p}
                  presetNames={presetNames}
                  linkOpen={open.has(p.id)}
                  actions={actions}
                  onToggleLink={(show) => toggle(p.id, show)}
                  onMessage={onMessage}
                />
              ))}
            </DataTable>
          </PresenceProvider>
        )}
      </div>
    </div>
  );
}
