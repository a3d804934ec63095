'use client';

import { useEffect } from 'react';
import { useHydrated } from '@/components/use-hydrated';
import * as localMedia from '@/lib/client/media/local-media';
import type { MediaRights } from '@/lib/client/media/rights';
import { CameraPreview } from './camera-preview';
import { DeviceNotice } from './device-notice';
import { DeviceSelect } from './device-select';
import { MediaToggles } from './media-toggles';
import { MicIcon } from './icons';
import { MicLevel } from './mic-level';
import { QualityPicker } from './quality-picker';
import { useLocalMedia } from './use-local-media';

interface PreJoinProps {
  meetingTitle: string;
  /** The breakout room they will join, after a reload during breakouts. */
  roomTitle?: string;
  name: string;
  presetName: string;
  picture?: string | null;
  abilities: string[];
  rights: MediaRights;
  joining: boolean;
  joinError?: string;
  /** The room is being recorded now: said before joining, so nobody is recorded unaware. */
  recorded?: boolean;
  onJoin: () => void;
}

/** Camera preview, microphone level, devices and quality, then Join: with whatever works. */
export function PreJoin(props: PreJoinProps) {
  const { meetingTitle, name, rights, joining, joinError, onJoin } = props;
  const media = useLocalMedia();
  // Join is a click handler: until the page's script runs, a click on it would be lost.
  const hydrated = useHydrated();
  const { audio, video } = rights;
  useEffect(() => {
    void localMedia.acquire({ audio, video });
  }, [audio, video]);

  const cameraOn = !!media.videoTrack && media.cameraEnabled;
  const offText = !video
    ? 'Your role joins without camera'
    : media.videoProblem
      ? 'Camera unavailable'
      : media.acquiring.video
        ? 'Starting camera…'
        : 'Camera is off';
  const listenOnly = !audio && !video;

  return (
    <div className="mx-auto grid w-full max-w-5xl gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <section aria-label="Preview" className="space-y-3">
        <div className="relative aspect-video overflow-hidden rounded-2xl bg-slate-900 shadow-lg ring-1 ring-slate-900/10">
          <CameraPreview
            track={media.videoTrack}
            on={cameraOn}
            name={name}
            picture={props.picture}
            offText={offText}
          />
          <p className="absolute top-3 left-3 rounded-md bg-slate-950/60 px-2 py-1 text-xs font-medium text-white">
            {name}
          </p>
          {(audio || video) && (
            <div className="absolute inset-x-0 bottom-3 flex justify-center gap-3">
              <MediaToggles rights={rights} />
            </div>
          )}
        </div>
        {audio && media.audioTrack && (
          <div className="flex items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
            <MicIcon className="size-5 text-slate-500" />
            <MicLevel track={media.audioTrack} on={media.micEnabled} />
            <span className="w-20 text-right text-xs text-slate-500">
              {media.micEnabled ? 'Speak to test' : 'Muted'}
            </span>
          </div>
        )}
      </section>

      <section
        aria-labelledby="prejoin-title"
        className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
      >
        <h1 id="prejoin-title" className="text-xl font-semibold text-slate-900">
          {props.roomTitle ? `Ready to join ${props.roomTitle}?` : 'Ready to join?'}
        </h1>
        <p className="mt-1 text-sm break-words text-slate-600">{meetingTitle}</p>
        {props.recorded && (
          <p className="mt-3 flex items-center gap-2 rounded-lg bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-red-600" />
            This room is being recorded. Joining means you appear in the recording.
          </p>
        )}
        <p className="mt-3 text-sm text-slate-700">
          You are <span className="font-medium text-slate-900">{name}</span>{' '}
          <span className="text-slate-500">({props.presetName})</span>
        </p>
        <Abilities lines={props.abilities} />

        <div className="mt-5 space-y-4">
          {listenOnly && (
            <p className="rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
              Your role in this meeting is to listen and watch: your camera and microphone stay off.
            </p>
          )}
          {audio && media.audioProblem && <DeviceNotice kind="audio" problem={media.audioProblem} />}
          {video && media.videoProblem && <DeviceNotice kind="video" problem={media.videoProblem} />}
          {!video && audio && (
            <p className="text-sm text-slate-600">Your role joins with audio only: the camera stays off.</p>
          )}
          {video && <DeviceSelect kind="videoinput" label="Camera" track={media.videoTrack} />}
          {audio && <DeviceSelect kind="audioinput" label="Microphone" track={media.audioTrack} />}
          {video && <QualityPicker value={media.quality} />}
        </div>

        <button
          type="button"
          onClick={onJoin}
          disabled={joining || !hydrated}
          className="mt-6 inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60"
        >
          {joining ? 'Joining…' : 'Join meeting'}
        </button>
        <div role="status" className="mt-3 min-h-5 text-sm">
          {joinError && <p className="text-red-700">{joinError}</p>}
          {!joinError && (media.acquiring.audio || media.acquiring.video) && (
            <p className="text-slate-600">Asking your browser for the camera and microphone…</p>
          )}
        </div>
      </section>
    </div>
  );
}

/** What the person may do here, folded away: most people only want to join. */
function Abilities({ lines }: { lines: string[] }) {
  return (
    <details className="mt-1 text-sm text-slate-600">
      <summary className="w-fit text-indigo-700 underline-offset-2 hover:underline">
        What you can do here
      </summary>
      <ul className="mt-2 space-y-1">
        {lines.map((line) => (
          <li key={line} className="flex gap-2">
            <span aria-hidden="true" className="text-emerald-600">
              ✓
            </span>
            {line}
          </li>
        ))}
      </ul>
    </details>
  );
}
