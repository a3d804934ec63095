'use client';

import { useEffect, useState } from 'react';

/**
 * The cameras or microphones the browser lists. Labels appear only once a track of that kind was granted,
 * so callers pass `refreshKey` (for example the track) to list again then.
 */
export function useDevices(kind: 'audioinput' | 'videoinput', refreshKey: unknown): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    const md = navigator.mediaDevices;
    if (!md?.enumerateDevices) return;
    let live = true;
    const list = () =>
      void md
        .enumerateDevices()
        .then((all) => {
          if (!live) return;
          // Chrome lists "default" and "communications" aliases beside the real devices: keep real ones.
          const real = all.filter(
            (d) =>
              d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications',
          );
          setDevices(real);
        })
        .catch(() => undefined);
    list();
    md.addEventListener('devicechange', list);
    return () => {
      live = false;
      md.removeEventListener('devicechange', list);
    };
  }, [kind, refreshKey]);
  return devices;
}

/** Narrower than this is a phone held upright: fewer tiles per page, panels cover the call. */
export function useIsNarrow(query = '(max-width: 639px)'): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const apply = () => setNarrow(mq.matches);
    apply();
    mq.addEventListener('change', apply);
    return () => mq.removeEventListener('change', apply);
  }, [query]);
  return narrow;
}
