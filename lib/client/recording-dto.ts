// The recording as the API and the `recording_updated` event carry it, as the browser reads it.
import type { RecordingDto } from '@/lib/events/room-events';

export type { RecordingDto };
export type RecordingStatus = RecordingDto['status'];
