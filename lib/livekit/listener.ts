import { randomBytes } from 'node:crypto';
import type { VideoGrant } from 'livekit-server-sdk';
import { sendNothingGrant } from './grants';

/**
 * A host's hidden, receive-only connection to a room: `listen` hears its audio; `observe` reads who
 * speaks and who has camera or microphone on. Both subscribe (the media server tells a participant only
 * about speakers it is subscribed to), but an observer pauses every track it subscribes to, so no media
 * flows to it: speaker and mute updates arrive on signalling alone.
 */
export type ListenMode = 'listen' | 'observe';

/** Who a listening connection acts for: the meeting's owner, or a participant with host powers. */
export interface ListenerPrincipal {
  kind: 'host' | 'participant';
  id: string;
}

export interface ListenerIdentity extends ListenerPrincipal {
  mode: ListenMode;
}

const PATTERN = /^(listen|observe)-(h|p)-([0-9a-f-]{36})-[A-Za-z0-9_-]{8}$/;

/**
 * The media identity of a listening connection: its own, never the caller's seat id, so the seat in the
 * main meeting is not disconnected by it (LiveKit allows one connection per identity and room). The
 * random tail lets two pages of the same host listen at once without pushing each other out.
 */
export function listenerIdentity(mode: ListenMode, principal: ListenerPrincipal): string {
  const nonce = randomBytes(6).toString('base64url');
  return `${mode}-${principal.kind === 'host' ? 'h' : 'p'}-${principal.id}-${nonce}`;
}

/** The principal and mode behind a listening identity, or undefined for any other identity. */
export function parseListenerIdentity(identity: string): ListenerIdentity | undefined {
  const m = PATTERN.exec(identity);
  if (!m) return undefined;
  return { mode: m[1] as ListenMode, kind: m[2] === 'h' ? 'host' : 'participant', id: m[3]! };
}

/**
 * The grant of a listening or observing connection: hidden, sends nothing (no tracks, no data, no
 * metadata), may subscribe. The same for both modes; the mode names the purpose in the identity.
 */
export function listenerGrant(room: string): VideoGrant {
  return sendNothingGrant(room, { canSubscribe: true });
}
