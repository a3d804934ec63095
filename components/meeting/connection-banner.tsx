'use client';

import { useAudioPlayback, useConnectionState } from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';

/** "Reconnecting…" while LiveKit restores a dropped connection; a live region, so it is announced. */
export function ConnectionBanner() {
  const state = useConnectionState();
  const reconnecting = state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting;
  return (
    <div role="status" aria-live="polite">
      {reconnecting && (
        <p className="mx-3 flex items-center justify-center gap-2 rounded-lg bg-amber-400 px-4 py-2 text-sm font-medium text-amber-950">
          <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-amber-950" />
          Reconnecting… your connection dropped; getting you back in.
        </p>
      )}
    </div>
  );
}

/** Browsers may block sound until the person clicks something: offer that click. */
export function AudioUnlock() {
  const { canPlayAudio, startAudio } = useAudioPlayback();
  if (canPlayAudio) return null;
  return (
    <div className="mx-3 flex flex-wrap items-center justify-center gap-3 rounded-lg bg-indigo-500 px-4 py-2 text-sm text-white">
      <span>Your browser paused the sound of this call.</span>
      <button
        type="button"
        onClick={() => void startAudio()}
        className="rounded-md bg-white px-3 py-1 font-semibold text-indigo-700 hover:bg-indigo-50"
      >
        Turn on sound
      </button>
    </div>
  );
}
