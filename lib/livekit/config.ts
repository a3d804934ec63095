import 'server-only';
import { env, mediaPublicUrl } from '@/lib/env';

export type MediaConfig =
  | {
      available: true;
      /** Where this server reaches the media server (its API, the embedded recorder). */
      url: string;
      /** Where browsers and other clients reach it: LIVEKIT_PUBLIC_URL, or the same as `url`. */
      publicUrl: string;
      apiKey: string;
      apiSecret: string;
    }
  | { available: false; reason: string };

/** Where the media server is, or why there is none. */
export function mediaConfig(): MediaConfig {
  const e = env();
  if (!e.LIVEKIT_URL) {
    return {
      available: false,
      reason:
        'No media server is configured (LIVEKIT_URL is not set). Start the app with `npm run dev`, which runs a local LiveKit server, or point LIVEKIT_URL at LiveKit Cloud.',
    };
  }
  if (!e.LIVEKIT_API_KEY || !e.LIVEKIT_API_SECRET) {
    return {
      available: false,
      reason: 'LIVEKIT_URL is set but LIVEKIT_API_KEY or LIVEKIT_API_SECRET is missing.',
    };
  }
  return {
    available: true,
    url: e.LIVEKIT_URL,
    publicUrl: mediaPublicUrl(e) ?? e.LIVEKIT_URL,
    apiKey: e.LIVEKIT_API_KEY,
    apiSecret: e.LIVEKIT_API_SECRET,
  };
}

/** The HTTP(S) base of the media server, for its server API. */
export const httpUrl = (url: string) => url.replace(/^ws/, 'http');
