'use client';

import { useSyncExternalStore } from 'react';
import * as localMedia from '@/lib/client/media/local-media';

/** The person's camera and microphone state, shared by pre-join and the call. */
export function useLocalMedia() {
  return useSyncExternalStore(localMedia.subscribe, localMedia.getSnapshot, localMedia.getServerSnapshot);
}
