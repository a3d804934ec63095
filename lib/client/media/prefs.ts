import { parseVideoQuality, type VideoQuality } from './quality';

// Choices remembered in this browser between meetings. localStorage can throw (private modes, quota,
// blocked storage): a preference that cannot be kept is simply not kept.
const KEYS = {
  quality: 'breakout.videoQuality',
  audioinput: 'breakout.audioDevice',
  videoinput: 'breakout.videoDevice',
} as const;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // not kept; see above
  }
}

export const loadVideoQuality = (): VideoQuality => parseVideoQuality(read(KEYS.quality));
export const saveVideoQuality = (q: VideoQuality) => write(KEYS.quality, q);

export type DeviceKind = 'audioinput' | 'videoinput';
export const loadDeviceId = (kind: DeviceKind): string | undefined => read(KEYS[kind]) ?? undefined;
export const saveDeviceId = (kind: DeviceKind, id: string) => write(KEYS[kind], id);
