import 'server-only';
import {
  EgressClient,
  EncodedFileOutput,
  EncodedFileType,
  EncodingOptionsPreset,
  S3Upload,
  ServerError,
} from 'livekit-server-sdk';
import { env } from '@/lib/env';
import { httpUrl, mediaConfig } from '@/lib/livekit/config';
import { StorageError } from './storage';

export { applyEgressInfo, type EgressStatusChange, type EgressRecordingStatus } from './egress-info';

/** True when recordings are made by LiveKit Egress (RECORDING_BACKEND=egress) rather than the embedded recorder. */
export const egressEnabled = () => env().RECORDING_BACKEND === 'egress';

function egressClient(): EgressClient {
  const config = mediaConfig();
  if (!config.available) throw new Error(config.reason);
  return new EgressClient(httpUrl(config.url), config.apiKey, config.apiSecret);
}

/**
 * The upload target the egress service is given: the app's own bucket, so the download route reads the
 * file the egress wrote. The egress service must reach S3_ENDPOINT itself (not a loopback address).
 */
export function egressFileOutput(storageKey: string): EncodedFileOutput {
  const e = env();
  if (!e.S3_BUCKET) throw new StorageError('Recording with LiveKit Egress needs S3 storage: set S3_BUCKET.');
  return new EncodedFileOutput({
    fileType: EncodedFileType.MP4,
    filepath: storageKey,
    disableManifest: true,
    output: {
      case: 's3',
      value: new S3Upload({
        bucket: e.S3_BUCKET,
        endpoint: e.S3_ENDPOINT ?? '',
        region: e.S3_REGION ?? '',
        accessKey: e.S3_ACCESS_KEY_ID ?? '',
        secret: e.S3_SECRET_ACCESS_KEY ?? '',
        forcePathStyle: e.S3_FORCE_PATH_STYLE ?? Boolean(e.S3_ENDPOINT),
      }),
    },
  });
}

/**
 * Starts a room-composite egress of `roomName` (grid layout, everyone's audio mixed, 720p H.264 MP4) that
 * uploads to `storageKey` in the bucket; answers its egress id. Status then comes from egress webhooks.
 */
export async function startEgressRecording(
  roomName: string,
  storageKey: string,
): Promise<{ egressId: string }> {
  const info = await egressClient().startRoomCompositeEgress(roomName, egressFileOutput(storageKey), {
    layout: 'grid',
    encodingOptions: EncodingOptionsPreset.H264_720P_30,
  });
  return { egressId: info.egressId };
}

/** Asks LiveKit to stop an egress; one that has already ended (or is unknown to it) is no error. */
export async function stopEgressRecording(egressId: string): Promise<void> {
  try {
    await egressClient().stopEgress(egressId);
  } catch (err) {
    if (err instanceof ServerError && ['failed_precondition', 'not_found'].includes(err.code ?? '')) return;
    throw err;
  }
}
