import 'server-only';
import { AccessToken } from 'livekit-server-sdk';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { mediaConfig } from './config';

/**
 * The identity prefix reserved for recorders: `recorder-<recording id>`. No seat can have it (seat
 * identities are participant ids), admission judges it against the recording instead of a seat, and
 * presence and people counts never see it.
 */
export const RECORDER_PREFIX = 'recorder-';

export const recorderIdentity = (recordingId: string) => `${RECORDER_PREFIX}${recordingId}`;

const uuid = z.uuid();

/** The recording id a recorder identity names, or undefined for any other identity. */
export function recordingIdOf(identity: string): string | undefined {
  if (!identity.startsWith(RECORDER_PREFIX)) return undefined;
  const id = identity.slice(RECORDER_PREFIX.length);
  return uuid.safeParse(id).success ? id : undefined;
}

/** Long enough to connect; once connected, the media server keeps the connection's token fresh itself. */
export const RECORDER_TOKEN_TTL_SECONDS = 10 * 60;

/**
 * The recorder's own media token for one recording: hidden (nobody sees it in the room or its count),
 * subscribe-only (it can send nothing, not even data), flagged as a recorder. Never a participant's token.
 */
export async function mintRecorderToken(recordingId: string, room: string) {
  const config = mediaConfig();
  if (!config.available) throw new AppError('unavailable:media', config.reason);
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity: recorderIdentity(recordingId),
    name: 'Recorder',
    ttl: RECORDER_TOKEN_TTL_SECONDS,
  });
  at.addGrant({
    room,
    roomJoin: true,
    canSubscribe: true,
    canPublish: false,
    canPublishData: false,
    canUpdateOwnMetadata: false,
    hidden: true,
    recorder: true,
  });
  return { url: config.url, token: await at.toJwt() };
}
