import path from 'node:path';
import { EgressStatus, type EgressInfo } from 'livekit-server-sdk';

/** Our statuses of a recording (RealtimeKit's names); an egress has no pause. */
export type EgressRecordingStatus = 'INVOKED' | 'RECORDING' | 'UPLOADING' | 'UPLOADED' | 'ERRORED';

/** What one EgressInfo (from an egress webhook or the egress API) says about its recording. */
export interface EgressStatusChange {
  egressId: string;
  status: EgressRecordingStatus;
  startedTime: Date | null;
  stoppedTime: Date | null;
  durationSeconds: number | null;
  fileSize: number | null;
  /** The file's name, without its folder. */
  outputFileName: string | null;
  /** Where the file is in the bucket (the `filepath` the egress was started with). */
  storageKey: string | null;
  /**
   * Why it stopped, when the egress says so: MAX_DURATION at the egress service's time limit, INTERNAL_ERROR
   * when it failed. Null otherwise: the caller keeps the reason it recorded when it asked for the stop
   * (API_CALL, ROOM_CLOSED); an egress that ends by itself ends because the room emptied (ALL_PEERS_LEFT).
   */
  stopReason: { reason: 'MAX_DURATION' | 'INTERNAL_ERROR'; message: string } | null;
  /** A sentence a person can read, when ERRORED. */
  error: string | null;
}

const RANK: Record<EgressRecordingStatus, number> = {
  INVOKED: 0,
  RECORDING: 1,
  UPLOADING: 2,
  UPLOADED: 3,
  ERRORED: 3,
};

/** LiveKit's times are Unix nanoseconds (int64); 0 means not yet. */
const time = (ns: bigint) => (ns > 0n ? new Date(Number(ns / 1_000_000n)) : null);

/**
 * Maps an EgressInfo to our recording's state. With `current` (the row's status now), answers null when
 * the info would move the recording backwards or change a finished one: webhooks can arrive late, twice
 * or out of order.
 */
export function applyEgressInfo(info: EgressInfo, current?: string): EgressStatusChange | null {
  const file = info.fileResults[0] ?? (info.result.case === 'file' ? info.result.value : undefined);
  const hasFile = Boolean(file && file.filename && file.size > 0n);
  const change: EgressStatusChange = {
    egressId: info.egressId,
    status: 'INVOKED',
    startedTime: time(info.startedAt),
    stoppedTime: time(info.endedAt),
    durationSeconds: file && file.duration > 0n ? Math.round(Number(file.duration) / 1e9) : null,
    fileSize: hasFile ? Number(file!.size) : null,
    outputFileName: file?.filename ? path.posix.basename(file.filename) : null,
    storageKey: file?.filename || null,
    stopReason: null,
    error: null,
  };
  const failed = (message: string) => {
    change.status = 'ERRORED';
    change.error = message;
    change.stopReason = { reason: 'INTERNAL_ERROR', message };
  };
  const why = info.error ? `: ${info.error}` : '.';
  switch (info.status) {
    case EgressStatus.EGRESS_STARTING:
      change.status = 'INVOKED';
      break;
    case EgressStatus.EGRESS_ACTIVE:
      change.status = 'RECORDING';
      break;
    case EgressStatus.EGRESS_ENDING:
      change.status = 'UPLOADING';
      break;
    case EgressStatus.EGRESS_COMPLETE:
      if (hasFile) change.status = 'UPLOADED';
      else failed('LiveKit Egress finished without uploading a file.');
      break;
    case EgressStatus.EGRESS_LIMIT_REACHED:
      if (hasFile) {
        change.status = 'UPLOADED';
        change.stopReason = {
          reason: 'MAX_DURATION',
          message: 'LiveKit Egress stopped at its time limit; the file holds what was recorded until then.',
        };
      } else failed('LiveKit Egress reached its time limit without uploading a file.');
      break;
    case EgressStatus.EGRESS_ABORTED:
      failed(`LiveKit Egress gave up before recording anything${why}`);
      break;
    case EgressStatus.EGRESS_FAILED:
    default:
      failed(`LiveKit Egress failed${why}`);
  }
  if (current !== undefined) {
    const now = RANK[current as EgressRecordingStatus];
    if (current === 'UPLOADED' || current === 'ERRORED') return null;
    if (now !== undefined && RANK[change.status] <= now && current !== 'PAUSED') return null;
  }
  return change;
}
