// The recording as the API and the `recording_updated` event carry it (RECORDING.md's contract), as the
// browser reads it.

export type RecordingStatus = 'INVOKED' | 'RECORDING' | 'PAUSED' | 'UPLOADING' | 'UPLOADED' | 'ERRORED';

export interface RecordingDto {
  id: string;
  /** The room (or main meeting) recorded. */
  meeting_id: string;
  main_meeting_id: string;
  room_title: string;
  status: RecordingStatus;
  invoked_time: string;
  started_time: string | null;
  stopped_time: string | null;
  /** Seconds, once finished. */
  recording_duration: number | null;
  /** Bytes, once stored. */
  file_size: number | null;
  output_file_name: string | null;
  /** Null unless UPLOADED. */
  download_url: string | null;
  download_url_expiry: string | null;
  start_reason: { reason: 'API_CALL' | 'RECORD_ON_START'; caller?: { name?: string; type?: string } } | null;
  stop_reason: { reason: string; message?: string } | null;
  /** A sentence a person can read, when it failed. */
  error: string | null;
}
