'use client';

import { useState } from 'react';
import type { FormState } from '@/lib/actions/form-state';
import { CopyField } from '@/components/ui/copy-field';
import { PresenceProvider } from '@/components/meeting/presence';
import { AddParticipantForm } from './add-participant-form';
import { ParticipantRow, type ParticipantActions, type ParticipantRowData } from './participant-row';

interface Link {
  url: string;
  name: string;
}

interface ParticipantsSectionProps {
  meetingId: string;
  participants: ParticipantRowData[];
  presetNames: string[];
  defaultPreset: string;
  actions: ParticipantActions;
}

/**
 * The add form and the participants table. Join links exist in plain text only in the answer that made
 * them, so this island keeps the ones made on this page and shows each beside its participant.
 */
export function ParticipantsSection({
  meetingId,
  participants,
  presetNames,
  defaultPreset,
  actions,
}: ParticipantsSectionProps) {
  const [links, setLinks] = useState<Record<string, Link>>({});
  const [message, setMessage] = useState<{ text: string; ok: boolean }>({ text: '', ok: true });

  const onLink = (id: string, link: Link | null) =>
    setLinks(({ [id]: _old, ...rest }) => (link ? { ...rest, [id]: link } : rest));
  const onMessage = (state: FormState<unknown>) => {
    if (state.status !== 'idle' && state.message)
      setMessage({ text: state.message, ok: state.status === 'ok' });
  };
  const add: ParticipantActions['add'] = async (prev, form) => {
    const next = await actions.add(prev, form);
    if (next.status === 'ok') onLink(next.data.id, { url: next.data.join_url, name: next.data.name });
    return next;
  };

  // A participant added while a page other than the last one is shown is not in the table: their link
  // must still be shown, since it cannot be shown again.
  const offPage = Object.entries(links).filter(([id]) => !participants.some((p) => p.id === id));

  return (
    <div className="space-y-6">
      <AddParticipantForm
        meetingId={meetingId}
        presetNames={presetNames}
        defaultPreset={defaultPreset}
        action={add}
      />
      {offPage.length > 0 && (
        <div className="space-y-4 rounded-lg border border-indigo-100 bg-indigo-50/60 p-4">
          <p className="text-sm text-slate-700">Added just now (listed on a later page):</p>
          {offPage.map(([id, link]) => (
            <CopyField
              key={id}
              label={`Join link for ${link.name}`}
              value={link.url}
              copyText="Copy link"
              copyContext={`for ${link.name}`}
              hint={`Shown only now: copy it and send it to ${link.name}.`}
            />
          ))}
        </div>
      )}
      <div className="border-t border-slate-100 pt-4">
        <p role="status" className={`mb-2 text-sm ${message.ok ? 'text-emerald-800' : 'text-red-700'}`}>
          {message.text}
        </p>
        {participants.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
            No participants yet. Add the first one above; each gets a personal join link.
          </p>
        ) : (
          <PresenceProvider meetingId={meetingId}>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Participants</caption>
                <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Name
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Preset
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Status
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Custom ID
                    </th>
                    <th scope="col" className="py-2 text-right font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {participants.map((p) => (
                    <ParticipantRow
                      key={p.id}
                      meetingId={meetingId}
                      participant={p}
                      presetNames={presetNames}
                      link={links[p.id]?.url}
                      actions={actions}
                      onLink={onLink}
                      onMessage={onMessage}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </PresenceProvider>
        )}
      </div>
    </div>
  );
}
