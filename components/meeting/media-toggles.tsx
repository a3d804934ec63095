'use client';

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
 * Microphone and camera on/off, offered only when the preset allows them. A device that is allowed but
 * not held (blocked, missing) gets a button that asks for it again.
 */
export function MediaToggles({ rights }: { rights: MediaRights }) {
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
          label={micOn ? 'Mute microphone' : 'Unmute microphone'}
          off={!micOn}
          disabled={media.acquiring.audio}
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
