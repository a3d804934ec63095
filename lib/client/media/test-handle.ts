import { createLocalVideoTrack, Track, type Room } from 'livekit-client';
import * as localMedia from './local-media';

// End-to-end tests reach the live Room through this handle to read which remote track belongs to whom and
// to try what a misbehaving browser could try (publishing a camera the preset forbids). It exists only
// when the test set `window.__BREAKOUT_TEST__` before the page loaded; it grants nothing the page itself
// could not do, since the server enforces every right.

export interface BreakoutTestHandle {
  room?: Room;
  localMedia: typeof localMedia;
  livekit: { createLocalVideoTrack: typeof createLocalVideoTrack; Track: typeof Track };
  /** Each room switch of this page: 'warm' when a warm connection waited in the destination. */
  switches: Array<'warm' | 'cold'>;
  /** The page's warm connection (MEDIA_WARM_SWITCH=on), while it has one. */
  warm?: Room;
  /** How often the page asked again for a video that stopped arriving (stall-watch.ts). */
  videoNudges: () => number;
}

const switches: Array<'warm' | 'cold'> = [];
let warm: Room | undefined;

/** Shows the page's warm connection (or that it has none) on the test handle. */
export function exposeWarmForTests(room: Room | undefined) {
  warm = room;
  if (typeof window !== 'undefined' && window.__breakout) window.__breakout.warm = room;
}

let videoNudges = 0;

/** Counts a video the page asked for again, for the test handle. */
export function noteVideoNudge() {
  videoNudges += 1;
}

/** Records how a room switch went, for the test handle. */
export function noteSwitch(path: 'warm' | 'cold') {
  switches.push(path);
}

declare global {
  interface Window {
    __BREAKOUT_TEST__?: boolean;
    __breakout?: BreakoutTestHandle;
  }
}

export function exposeForTests(room: Room | undefined) {
  if (typeof window === 'undefined' || !window.__BREAKOUT_TEST__) return;
  window.__breakout = {
    room,
    localMedia,
    livekit: { createLocalVideoTrack, Track },
    switches,
    warm,
    videoNudges: () => videoNudges,
  };
}
