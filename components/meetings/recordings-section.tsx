'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, useCommand } from '@/components/breakout/use-breakout';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable, EmptyState } from '@/components/ui/data-table';
import { apiCall } from '@/lib/client/api';
import { ConnectedMeetings } from '@/lib/client/connected-meetings';
import {
  deleteRecording,
  isActive,
  listRecordings,
  recordingOfEvent,
  startRecording,
  stopRecording,
  type RecordingDto,
} from '@/lib/client/recordings';

const STATUS: Record<RecordingDto['status'], { text: string; tone: 'red' | 'gray' | 'indigo' | 'green' }> = {
  INVOKED: { text: 'Starting', tone: 'red' },
  RECORDING: { text: 'Recording', tone: 'red' },
  PAUSED: { text: 'Paused', tone: 'gray' },
  UPLOADING: { text: 'Finishing', tone: 'indigo' },
  UPLOADED: { text: 'Ready', tone: 'green' },
  ERRORED: { text: 'Failed', tone: 'red' },
};

/** How often the list is read again while something records and no event stream tells (inactive meeting). */
const POLL_MS = 5000;

const byNewest = (a: RecordingDto, b: RecordingDto) => (a.invoked_time < b.invoked_time ? 1 : -1);

/** 65 → "1:05"; 3725 → "1:02:05". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** 1234567 → "1.2 MB". */
export function formatSize(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/**
 * The meeting page's recordings: every recording of the meeting and its rooms under the room's title,
 * with its status kept live from the meeting's event stream, its length, size and time; a finished one
 * plays in the page, downloads, or is deleted. A host also starts or stops the main meeting's recording
 * here (rooms are recorded from the breakout manager).
 */
export function RecordingsSection({ meetingId, live }: { meetingId: string; live: boolean }) {
  const [list, setList] = useState<RecordingDto[]>();
  const [loadError, setLoadError] = useState<string>();
  const [playing, setPlaying] = useState<{ id: string; title: string; url: string }>();
  const record = useCommand();
  const [said, setSaid] = useState('');

  const merge = useCallback((r: RecordingDto) => {
    setList((l) => [r, ...(l ?? []).filter((x) => x.id !== r.id)].sort(byNewest));
  }, []);
  const reload = useCallback(async () => {
    try {
      const all = await listRecordings(meetingId);
      setList([...all].sort(byNewest));
      setLoadError(undefined);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, [meetingId]);

  // Live: the meeting's event stream (hosts get every room's recording events); read again on resync.
  useEffect(() => {
    if (!live) return;
    const cm = new ConnectedMeetings(meetingId, undefined, meetingId);
    const offs = [
      cm.on('roomEvent', (e) => {
        const r = recordingOfEvent(e);
        if (r && r.main_meeting_id === meetingId) merge(r);
        if (e.type === 'recording_deleted') setList((l) => l?.filter((x) => x.id !== e.payload.recording_id));
      }),
      cm.on('resync', () => void reload()),
    ];
    cm.start();
    return () => {
      offs.forEach((off) => off());
      cm.stop();
    };
  }, [live, meetingId, merge, reload]);

  // Without a stream (the meeting is inactive), read the list now and again while something records.
  const anyBusy = !!list?.some((r) => isActive(r) || r.status === 'UPLOADING');
  useEffect(() => {
    const first = setTimeout(() => void reload(), 0);
    if (live || !anyBusy) return () => clearTimeout(first);
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [live, anyBusy, reload]);

  const titleOf = (r: RecordingDto) => (r.meeting_id === meetingId ? 'Main meeting' : r.room_title);
  const mainActive = list?.find((r) => r.meeting_id === meetingId && isActive(r));

  return (
    <Card
      title="Recordings"
      id="recordings"
      description="Every room is recorded on its own. Files appear here when a recording stops."
      actions={
        live &&
        !mainActive && (
          <button
            type="button"
            disabled={record.pending}
            onClick={async () => {
              if (await record.run(async () => merge(await startRecording(meetingId))))
                setSaid('Recording the main meeting.');
            }}
            className={buttonClass('secondary', 'sm')}
          >
            <span aria-hidden="true" className="size-2.5 rounded-full bg-red-600" />
            Record main meeting
          </button>
        )
      }
    >
      <div className="space-y-4">
        {record.error && (
          <p role="alert" className="text-sm text-red-700">
            {record.error}
          </p>
        )}
        {loadError && (
          <p role="alert" className="text-sm text-red-700">
            Could not read the recordings: {loadError}
          </p>
        )}
        {list === undefined ? (
          !loadError && <p className="text-sm text-slate-600">Loading recordings…</p>
        ) : list.length === 0 ? (
          <EmptyState>
            No recordings yet. Record a room from the breakout manager or the call, or set the meeting to
            record on start.
          </EmptyState>
        ) : (
          <DataTable
            caption="Recordings of this meeting"
            columns={[
              { label: 'Room' },
              { label: 'Status' },
              { label: 'Length', align: 'right' },
              { label: 'Size', align: 'right' },
              { label: 'Started' },
              { label: 'Actions', hidden: true },
            ]}
          >
            {list.map((r) => (
              <RecordingRow
                key={r.id}
                recording={r}
                title={titleOf(r)}
                onChange={merge}
                onDeleted={(id) => {
                  setList((l) => l?.filter((x) => x.id !== id));
                  if (playing?.id === id) setPlaying(undefined);
                  setSaid(`Recording of ${titleOf(r)} deleted.`);
                }}
                onPlay={(url) => setPlaying({ id: r.id, title: titleOf(r), url })}
              />
            ))}
          </DataTable>
        )}
        {playing && <Player {...playing} onClose={() => setPlaying(undefined)} />}
        <p role="status" aria-live="polite" className="sr-only">
          {said}
        </p>
      </div>
    </Card>
  );
}

function RecordingRow({
  recording: r,
  title,
  onChange,
  onDeleted,
  onPlay,
}: {
  recording: RecordingDto;
  title: string;
  onChange: (r: RecordingDto) => void;
  onDeleted: (id: string) => void;
  onPlay: (url: string) => void;
}) {
  const command = useCommand();
  const status = STATUS[r.status];
  const at = r.started_time ?? r.invoked_time;
  // A fresh link on Play: the one listed expires an hour after the list was read.
  const play = () =>
    command.run(async () => {
      const fresh = await apiCall<RecordingDto>('GET', `/recordings/${r.id}`);
      if (fresh.download_url) onPlay(fresh.download_url);
    });
  return (
    <tr className="align-top">
      <td className="py-2 pr-4 font-medium break-words text-slate-900">{title}</td>
      <td className="py-2 pr-4">
        <Badge tone={status.tone}>{status.text}</Badge>
        {r.status === 'ERRORED' && r.error && <p className="mt-1 text-xs text-red-700">{r.error}</p>}
        {r.status === 'UPLOADED' && r.stop_reason?.reason === 'INTERNAL_ERROR' && r.stop_reason.message && (
          <p className="mt-1 text-xs text-slate-600">{r.stop_reason.message}</p>
        )}
      </td>
      <td className="py-2 pr-4 text-right tabular-nums">{formatDuration(r.recording_duration)}</td>
      <td className="py-2 pr-4 text-right whitespace-nowrap tabular-nums">{formatSize(r.file_size)}</td>
      <td className="py-2 pr-4 whitespace-nowrap">
        <time dateTime={at}>{new Date(at).toLocaleString()}</time>
      </td>
      <td className="py-1">
        <div className="flex flex-wrap justify-end gap-1">
          {isActive(r) && (
            <button
              type="button"
              disabled={command.pending}
              onClick={() => void command.run(async () => onChange(await stopRecording(r.id)))}
              className={buttonClass('secondary', 'sm')}
            >
              Stop recording<span className="sr-only"> {title}</span>
            </button>
          )}
          {r.status === 'UPLOADED' && r.download_url && (
            <>
              <button
                type="button"
                disabled={command.pending}
                onClick={() => void play()}
                className={buttonClass('secondary', 'sm')}
              >
                Play<span className="sr-only"> {title}</span>
              </button>
              <a
                href={r.download_url}
                download={r.output_file_name ?? undefined}
                className={buttonClass('ghost', 'sm')}
              >
                Download<span className="sr-only"> {title}</span>
              </a>
            </>
          )}
          {!isActive(r) && r.status !== 'UPLOADING' && (
            <ConfirmDialog
              triggerText="Delete"
              triggerContext={`recording of ${title}`}
              title={`Delete the recording of ${title}?`}
              confirmText="Delete recording"
              onConfirm={() =>
                void command.run(async () => {
                  await deleteRecording(r.id);
                  onDeleted(r.id);
                })
              }
            >
              The file is removed for good. Nobody can play or download it afterwards.
            </ConfirmDialog>
          )}
        </div>
        {command.error && (
          <p role="alert" className="mt-1 text-right text-xs text-red-700">
            {command.error}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Plays a recording in the page; seeking asks the server for byte ranges. */
function Player({ title, url, onClose }: { title: string; url: string; onClose: () => void }) {
  const region = useRef<HTMLElement>(null);
  useEffect(() => region.current?.focus(), [url]);
  return (
    <section
      ref={region}
      tabIndex={-1}
      aria-label={`Playing ${title}`}
      className="space-y-2 rounded-lg border border-slate-200 p-3 focus:outline-none"
    >
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <button type="button" onClick={onClose} className={buttonClass('ghost', 'sm')}>
          Close player
        </button>
      </div>
      <video
        key={url}
        src={url}
        controls
        autoPlay
        preload="metadata"
        className="aspect-video max-h-[60vh] w-full rounded-md bg-black"
      >
        Your browser cannot play this file. Download it instead.
      </video>
    </section>
  );
}
