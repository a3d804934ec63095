'use client';

import type { LocalVideoTrack } from 'livekit-client';
import { useEffect, useRef } from 'react';
import { Avatar } from './avatar';

interface CameraPreviewProps {
  track?: LocalVideoTrack;
  on: boolean;
  name: string;
  picture?: string | null;
  /** Shown instead of the picture when there is no camera to show. */
  offText: string;
}

/** The person's own camera, mirrored like a mirror, or their initials when it is off. */
export function CameraPreview({ track, on, name, picture, offText }: CameraPreviewProps) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = video.current;
    if (!track || !el) return;
    // attach() follows the track when it restarts (camera switched, turned back on).
    track.attach(el);
    return () => void track.detach(el);
  }, [track]);

  return (
    <div className="absolute inset-0">
      <video
        ref={video}
        muted
        playsInline
        autoPlay
        aria-label={on ? 'Your camera preview' : undefined}
        aria-hidden={!on}
        className={`size-full -scale-x-100 object-cover ${on && track ? '' : 'invisible'}`}
      />
      {!(on && track) && (
        <div className="absolute inset-0 flex flex-col items-center justify-center gap-3 text-slate-300">
          <Avatar name={name} picture={picture} size="lg" />
          <p className="text-sm">{offText}</p>
        </div>
      )}
    </div>
  );
}
