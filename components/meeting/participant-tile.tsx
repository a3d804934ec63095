'use client';

import {
  isTrackReference,
  useConnectionQualityIndicator,
  useIsMuted,
  useIsSpeaking,
  useParticipantInfo,
  VideoTrack,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useState } from 'react';
import { Avatar } from './avatar';
import { ConnectionQualityBadge } from './connection-quality';
import { MicOffIcon } from './icons';

/** One participant's camera (or initials) or screen share, with name, mic state and speaking ring. */
export function ParticipantTile({ trackRef }: { trackRef: TrackReferenceOrPlaceholder }) {
  const { participant, source } = trackRef;
  const { name, identity } = useParticipantInfo({ participant });
  const speaking = useIsSpeaking(participant);
  const { quality } = useConnectionQualityIndicator({ participant });
  const videoMuted = useIsMuted(trackRef);
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone });
  const screen = source === Track.Source.ScreenShare;
  const label = name || identity || 'Someone';
  const shown = `${label}${participant.isLocal ? ' (you)' : ''}${screen ? ' · screen' : ''}`;
  const hasVideo = isTrackReference(trackRef) && !videoMuted;
  // Video is on, but until its first frame plays (after a move, a reconnect, a late subscription) the tile
  // shows who it is and says the video is coming, instead of a black box.
  const track = isTrackReference(trackRef) ? trackRef.publication.track : undefined;
  const sid = isTrackReference(trackRef) ? trackRef.publication.trackSid : undefined;
  const [playing, setPlaying] = useState<string>();
  const live = hasVideo && !!track && playing === sid;

  return (
    <figure
      data-speaking={speaking && !screen}
      aria-label={shown}
      className="relative isolate flex size-full min-h-0 min-w-0 items-center justify-center overflow-hidden rounded-xl bg-slate-800 ring-2 ring-transparent transition-shadow data-[speaking=true]:ring-emerald-400"
    >
      {hasVideo && track && (
        <VideoTrack
          trackRef={trackRef}
          onPlaying={() => setPlaying(sid)}
          className={`size-full ${screen ? 'object-contain' : 'object-cover'} ${participant.isLocal && !screen ? '-scale-x-100' : ''} ${live ? '' : 'absolute inset-0 opacity-0'}`}
        />
      )}
      {!live && (
        <div className="flex flex-col items-center gap-2">
          <Avatar name={label} />
          {hasVideo && <p className="text-xs text-slate-300">Connecting video…</p>}
        </div>
      )}
      <figcaption className="absolute bottom-2 left-2 flex max-w-[calc(100%-1rem)] items-center gap-1.5 rounded-md bg-slate-950/70 px-2 py-1 text-xs font-medium text-white">
        {!screen && micMuted && (
          <>
            <MicOffIcon className="size-3.5 shrink-0 text-red-300" />
            <span className="sr-only">microphone off,</span>
          </>
        )}
        <span className="truncate">{shown}</span>
      </figcaption>
      {!screen && (
        <span className="absolute top-2 right-2 rounded-md bg-slate-950/60 p-1 text-white">
          <ConnectionQualityBadge quality={quality} />
        </span>
      )}
      {speaking && !screen && <span className="sr-only">speaking</span>}
    </figure>
  );
}
