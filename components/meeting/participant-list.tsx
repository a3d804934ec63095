'use client';

import {
  useConnectionQualityIndicator,
  useIsMuted,
  useIsSpeaking,
  useParticipantInfo,
  useParticipants,
} from '@livekit/components-react';
import { Track, type Participant } from 'livekit-client';
import { memo } from 'react';
import { parseSeatMetadata } from '@/lib/client/media/metadata';
import { Avatar } from './avatar';
import { ConnectionQualityBadge } from './connection-quality';
import { CameraIcon, CameraOffIcon, CloseIcon, MicIcon, MicOffIcon } from './icons';
import { MuteAllButton, PersonActions } from './moderation';

/** Who is in the call: name, preset, microphone, camera and connection of each. */
// Memoized, as the video grid is: it follows the room through its own hooks.
export const ParticipantList = memo(function ParticipantList({
  id,
  onClose,
}: {
  id: string;
  onClose: () => void;
}) {
  const participants = useParticipants();
  const sorted = [...participants].sort((a, b) => {
    if (a.isLocal !== b.isLocal) return a.isLocal ? -1 : 1;
    const ha = parseSeatMetadata(a.metadata).host;
    if (ha !== parseSeatMetadata(b.metadata).host) return ha ? -1 : 1;
    return (a.name || a.identity).localeCompare(b.name || b.identity);
  });
  return (
    <aside
      id={id}
      aria-labelledby={`${id}-title`}
      className="fixed inset-0 z-30 flex flex-col bg-slate-900 sm:static sm:z-auto sm:w-80 sm:shrink-0 sm:rounded-xl sm:border sm:border-white/10"
    >
      <header className="flex items-center justify-between border-b border-white/10 px-4 py-3">
        <h2 id={`${id}-title`} className="text-sm font-semibold text-white">
          Participants ({participants.length})
        </h2>
        <div className="flex items-center gap-2">
          <MuteAllButton />
          <button
            type="button"
            onClick={onClose}
            className="rounded-full p-1.5 text-slate-300 hover:bg-white/10"
          >
            <CloseIcon />
            <span className="sr-only">Close participant list</span>
          </button>
        </div>
      </header>
      <ul className="min-h-0 flex-1 divide-y divide-white/5 overflow-y-auto">
        {sorted.map((p) => (
          <ParticipantRow key={p.identity} participant={p} />
        ))}
      </ul>
    </aside>
  );
});

function ParticipantRow({ participant }: { participant: Participant }) {
  const { name, identity, metadata } = useParticipantInfo({ participant });
  const seat = parseSeatMetadata(metadata);
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone });
  const cameraOff = useIsMuted({ participant, source: Track.Source.Camera });
  const speaking = useIsSpeaking(participant);
  const { quality } = useConnectionQualityIndicator({ participant });
  const label = name || identity || 'Someone';
  return (
    <li className="flex items-center gap-3 px-4 py-2.5" data-identity={identity}>
      <span className={`rounded-full ring-2 ${speaking ? 'ring-emerald-400' : 'ring-transparent'}`}>
        <Avatar name={label} size="sm" />
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-white">
          {label}
          {participant.isLocal && <span className="font-normal text-slate-400"> (you)</span>}
        </p>
        {seat.presetName && (
          <p className="truncate text-xs text-slate-400">
            <span className="sr-only">Preset: </span>
            {seat.presetName}
            {seat.host && (
              <span className="ml-1.5 rounded bg-indigo-500/20 px-1.5 py-px text-indigo-200">Host</span>
            )}
          </p>
        )}
        <PersonActions participant={participant} />
      </div>
      <span className={micMuted ? 'text-red-300' : 'text-slate-300'}>
        {micMuted ? <MicOffIcon className="size-4" /> : <MicIcon className="size-4" />}
        <span className="sr-only">{micMuted ? 'Microphone off' : 'Microphone on'}</span>
      </span>
      <span className={cameraOff ? 'text-red-300' : 'text-slate-300'}>
        {cameraOff ? <CameraOffIcon className="size-4" /> : <CameraIcon className="size-4" />}
        <span className="sr-only">{cameraOff ? 'Camera off' : 'Camera on'}</span>
      </span>
      <ConnectionQualityBadge quality={quality} />
    </li>
  );
}
