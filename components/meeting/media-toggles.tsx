'use client';

import { useLocalParticipantPermissions } from '@livekit/components-react';
import type { ReactNode } from 'react';
import * as localMedia from '@/lib/client/media/local-media';
import type { MediaRights } from '@/lib/client/media/rights';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons';
import { useLocalMedia } from './use-local-media';

interface RoundButtonProps {
  label: string;
  /** "off" draws the button red: the person is not sending this. */
  off?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** A round icon button whose accessible name says what pressing it does. */
export function RoundButton({ label, off, disabled, onClick, children }: RoundButtonProps) {
  return (
    <button
      type="button"
      title={label}
      disabled={disabled}
      onClick={onClick}
      className={`inline-flex size-12 items-center justify-center rounded-full transition-colors disabled:opacity-50 ${
        off
          ? 'bg-red-600 text-white hover:bg-red-500'
          : 'bg-white/15 text-white backdrop-blur hover:bg-white/25'
      }`}
    >
      {children}
      <span className="sr-only">{label}</span>
    </button>
  );
}

/**
 * True while the media server does not let this person send audio although their preset does: a host
 * muted everyone without letting them unmute. Needs the call's RoomContext.
 */
// TrackSource.MICROPHONE in LiveKit's protocol (not a direct dependency of this app).
const MICROPHONE_SOURCE = 2;

export function useMicLocked(): boolean {
  const permissions = useLocalParticipantPermissions();
  if (!permissions) return false;
  const sources = permissions.canPublishSources;
  return !permissions.canPublish || (sources.length > 0 && !sources.includes(MICROPHONE_SOURCE));
}

/**
 * Microphone and camera on/off, offered only when the preset allows them. A device that is allowed but
 * not held (blocked, missing) gets a button that asks for it again.
 */
export function MediaToggles({ rights, micLocked = false }: { rights: MediaRights; micLocked?: boolean }) {
  const media = useLocalMedia();
  const mic = async () => {
    if (!media.audioTrack) await localMedia.acquire({ audio: true, video: false });
    await localMedia.setMicEnabled(!(media.audioTrack && media.micEnabled));
  };
  const camera = async () => {
    if (!media.videoTrack) await localMedia.acquire({ audio: false, video: true });
    await localMedia.setCameraEnabled(!(media.videoTrack && media.cameraEnabled));
  };
  const micOn = !!media.audioTrack && media.micEnabled;
  const cameraOn = !!media.videoTrack && media.cameraEnabled;
  return (
    <>
      {rights.audio && (
        <RoundButton
          label={
            micLocked && !micOn
              ? 'Microphone off: a host muted everyone'
              : micOn
                ? 'Mute microphone'
                : 'Unmute microphone'
          }
          off={!micOn}
          disabled={media.acquiring.audio || (micLocked && !micOn)}
          onClick={() => void mic()}
        >
          {micOn ? <MicIcon /> : <MicOffIcon />}
        </RoundButton>
      )}
      {rights.video && (
        <RoundButton
          label={cameraOn ? 'Turn camera off' : 'Turn camera on'}
          off={!cameraOn}
          disabled={media.acquiring.video}
          onClick={() => void camera()}
        >
          {cameraOn ? <CameraIcon /> : <CameraOffIcon />}
        </RoundButton>
      )}
    </>
  );
}
