'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import {
  activeOnly,
  isActive,
  RecordingWatch,
  startAllRecordings,
  startRecording,
  stopAllRecordings,
  stopRecording,
  type RecordingDto,
  type RecordingsView,
} from '@/lib/client/recordings';
import { useCommand } from './use-breakout';

/** The recordings of the whole family (main meeting and every open room), live, for the hosts' manager. */
export function useFamilyRecordings(cm: ConnectedMeetings) {
  const [watch] = useState(
    () => new RecordingWatch(cm, () => [cm.mainMeetingId, ...cm.meetings.map((m) => m.id)]),
  );
  useEffect(() => watch.start(), [watch]);
  const view = useSyncExternalStore(watch.subscribe, watch.get, watch.get);
  return { watch, view };
}

export type FamilyRecordings = ReturnType<typeof useFamilyRecordings>;

/** Takes what a start-all or stop-all answered: the recordings it touched. */
function applyAnswer(watch: RecordingWatch, answer: { recordings: RecordingDto[] }) {
  for (const r of answer.recordings) watch.apply(r);
}

/** "Record all rooms" (the main meeting and every open room not being recorded) and "Stop all". */
export function RecordAllButtons({
  cm,
  meetingIds,
  recordings,
  announce,
}: {
  cm: ConnectedMeetings;
  meetingIds: string[];
  recordings: FamilyRecordings;
  announce: (message: string) => void;
}) {
  const start = useCommand();
  const stop = useCommand();
  const active = meetingIds.filter((id) => isActive(recordings.view[id]));
  const notRecorded = meetingIds.length - active.length;
  return (
    <>
      {notRecorded > 0 && (
        <button
          type="button"
          disabled={start.pending}
          onClick={async () => {
            if (
              await start.run(async () =>
                applyAnswer(recordings.watch, await startAllRecordings(cm.mainMeetingId)),
              )
            )
              announce('Recording every room.');
          }}
          className={buttonClass('secondary', 'sm')}
        >
          <span aria-hidden="true" className="size-2.5 rounded-full bg-red-600" />
          Record all rooms
        </button>
      )}
      {active.length > 0 && (
        <button
          type="button"
          disabled={stop.pending}
          onClick={async () => {
            if (
              await stop.run(async () =>
                applyAnswer(recordings.watch, await stopAllRecordings(cm.mainMeetingId)),
              )
            )
              announce('Recording stopped in every room. The files appear on the meeting page.');
          }}
          className={buttonClass('secondary', 'sm')}
        >
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-slate-700" />
          Stop all<span className="sr-only"> recordings</span>
        </button>
      )}
      {(start.error || stop.error) && (
        <p role="alert" className="w-full text-sm text-red-700">
          {start.error ?? stop.error}
        </p>
      )}
    </>
  );
}

/** A room's recording in the manager: the red sign while it records, and Record or Stop. */
export function RoomRecording({
  meetingId,
  name,
  recordings,
  announce,
}: {
  meetingId: string;
  /** "Room 1", or "the main meeting". */
  name: string;
  recordings: FamilyRecordings;
  announce: (message: string) => void;
}) {
  const command = useCommand();
  const recording = recordings.view[meetingId];
  const active = activeOnly(recording);
  const toggle = async () => {
    const ok = await command.run(async () =>
      recordings.watch.apply(active ? await stopRecording(active.id) : await startRecording(meetingId)),
    );
    if (ok) announce(active ? `Recording of ${name} stopped.` : `Recording ${name}.`);
  };
  return (
    <>
      {active && <Badge tone="red">{active.status === 'PAUSED' ? 'Recording paused' : 'Recording'}</Badge>}
      <button
        type="button"
        disabled={command.pending}
        onClick={() => void toggle()}
        className={buttonClass('ghost', 'sm')}
      >
        {active ? 'Stop recording' : 'Record'}
        <span className="sr-only"> {name}</span>
      </button>
      {command.error && (
        <p role="alert" className="w-full text-xs text-red-700">
          {command.error}
        </p>
      )}
    </>
  );
}

export type { RecordingsView };
