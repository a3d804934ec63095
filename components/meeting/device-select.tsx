'use client';

import type { LocalAudioTrack, LocalVideoTrack } from 'livekit-client';
import { useId } from 'react';
import * as localMedia from '@/lib/client/media/local-media';
import { useDevices } from './use-devices';

interface DeviceSelectProps {
  kind: 'audioinput' | 'videoinput';
  label: string;
  track?: LocalAudioTrack | LocalVideoTrack;
  tone?: 'light' | 'dark';
}

/** Picks which camera or microphone to use; switching works before and during the call alike. */
export function DeviceSelect({ kind, label, track, tone = 'light' }: DeviceSelectProps) {
  const id = useId();
  const devices = useDevices(kind, track);
  if (!track || devices.length === 0) return null;
  const current = track.mediaStreamTrack.getSettings().deviceId;
  const value = devices.some((d) => d.deviceId === current) ? current : devices[0]?.deviceId;
  const look =
    tone === 'dark'
      ? 'border-slate-600 bg-slate-800 text-white'
      : 'border-slate-300 bg-white text-slate-900 shadow-sm';
  return (
    <div className="space-y-1.5">
      <label
        htmlFor={id}
        className={`block text-sm font-medium ${tone === 'dark' ? 'text-slate-200' : 'text-slate-800'}`}
      >
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => void localMedia.switchDevice(kind, e.target.value)}
        className={`block w-full truncate rounded-lg border px-3 py-2 text-sm ${look}`}
      >
        {devices.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${kind === 'audioinput' ? 'Microphone' : 'Camera'} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}
