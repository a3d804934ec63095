'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { errorMessage, useBreakoutView } from '@/components/breakout/use-breakout';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import {
  activeOnly,
  RecordingWatch,
  startRecording,
  stopRecording,
  type RecordingDto,
} from '@/lib/client/recordings';

/**
 * The recording state of the room this person's call is in: read on arrival and after every move,
 * then kept current from the meeting's event stream.
 */
export function useCallRecording(cm: ConnectedMeetings) {
  const [watch] = useState(() => new RecordingWatch(cm, () => [cm.currentMeetingId]));
  useEffect(() => watch.start(), [watch]);
  const view = useSyncExternalStore(watch.subscribe, watch.get, watch.get);
  const { current } = useBreakoutView(cm);
  const recording = view[current];
  return { watch, meetingId: current, recording: activeOnly(recording) };
}

/** What the call's live region says about recording: on arrival, on start, on stop, after a move. */
export function useRecordingAnnouncement(meetingId: string, recording: RecordingDto | undefined) {
  const now = { meetingId, active: !!recording, paused: recording?.status === 'PAUSED' };
  // Compared with the previous render's (React's pattern for state that follows a change of props).
  const [prev, setPrev] = useState<typeof now>();
  const [text, setText] = useState<string>();
  if (!prev || prev.meetingId !== now.meetingId || prev.active !== now.active || prev.paused !== now.paused) {
    setPrev(now);
    let said: string | undefined;
    if (!prev || prev.meetingId !== now.meetingId) {
      if (now.active) said = 'This room is being recorded.';
      else if (prev?.active) said = 'This room is not being recorded.';
    } else if (now.active && !prev.active) said = 'Recording started. This room is being recorded.';
    else if (!now.active && prev.active) said = 'Recording stopped.';
    else if (now.active) said = now.paused ? 'Recording paused.' : 'Recording resumed.';
    if (said) setText(said);
  }
  return text;
}

/** The red "Recording" sign in the call's header: shown to everyone while their room is recorded. */
export function RecordingIndicator({ recording }: { recording: RecordingDto | undefined }) {
  if (!recording) return null;
  const paused = recording.status === 'PAUSED';
  return (
    <p
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-semibold text-white ${
        paused ? 'bg-slate-600' : 'bg-red-600'
      }`}
      title={paused ? 'Recording is paused' : 'This room is being recorded'}
    >
      <span
        aria-hidden="true"
        className={`size-2 rounded-full bg-white ${paused ? '' : 'motion-safe:animate-pulse'}`}
      />
      {paused ? 'Recording paused' : 'Recording'}
    </p>
  );
}

/**
 * Record / Stop recording for the room this person is in (hosts, and presets with `can_record`). The
 * server checks the right again; its refusal is shown to the person.
 */
export function RecordButton({
  meetingId,
  recording,
  watch,
  onError,
}: {
  meetingId: string;
  recording: RecordingDto | undefined;
  watch: RecordingWatch;
  onError: (message: string | undefined) => void;
}) {
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    onError(undefined);
    try {
      const r = recording ? await stopRecording(recording.id) : await startRecording(meetingId);
      watch.apply(r);
    } catch (err) {
      onError(
        `${recording ? 'Could not stop the recording' : 'Could not start recording'}: ${errorMessage(err)}`,
      );
    } finally {
      setBusy(false);
    }
  };
  const label = recording ? 'Stop recording' : 'Record';
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => void toggle()}
      title={recording ? 'Stop recording this room' : 'Record this room'}
      className={`inline-flex h-12 items-center gap-2 rounded-full px-4 text-sm font-medium text-white transition-colors disabled:opacity-50 ${
        recording ? 'bg-red-600 hover:bg-red-500' : 'bg-slate-700 hover:bg-slate-600'
      }`}
    >
      <span
        aria-hidden="true"
        className={recording ? 'size-3 rounded-sm bg-white' : 'size-3 rounded-full bg-red-500'}
      />
      <span className="sr-only sm:not-sr-only">{label}</span>
    </button>
  );
}
