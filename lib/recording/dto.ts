import 'server-only';
import type { Recording } from '@/db/schema';
import type { RecordingDto } from '@/lib/events/room-events';
import { signedDownloadUrl } from './storage';

export type { RecordingDto };

export { ACTIVE_STATUSES, UNFINISHED_STATUSES } from './statuses';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A recording as the API shows it: RealtimeKit's fields, with a signed link once the file is stored. */
export function toRecordingDto(row: Recording, roomTitle: string, now = new Date()): RecordingDto {
  const link = row.status === 'UPLOADED' && row.storageKey ? signedDownloadUrl(row.id, now) : undefined;
  return {
    id: row.id,
    session_id: null,
    audio_download_url: null,
    meeting_id: row.meetingId,
    main_meeting_id: row.mainMeetingId,
    room_title: roomTitle,
    status: row.status,
    invoked_time: row.invokedTime.toISOString(),
    started_time: iso(row.startedTime),
    stopped_time: iso(row.stoppedTime),
    recording_duration: row.durationSeconds,
    file_size: row.fileSize,
    output_file_name: row.outputFileName,
    download_url: link?.url ?? null,
    download_url_expiry: link ? link.expires.toISOString() : null,
    start_reason: row.startReason,
    stop_reason: row.stopReason,
    error: row.error,
  };
}
