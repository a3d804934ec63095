'use client';
// The browser's view of which meetings of a family are being recorded, kept current from the same event
// stream as the breakout state: the state of each watched meeting is read over REST when the stream
// (re)connects or a new meeting is watched, then every `recording_updated` event replaces it. A read that
// was overtaken by an event for the same meeting is dropped, so an old answer never hides a newer change.
import type { RecordingDto } from '@/lib/client/recording-dto';
import type { RoomEvent } from '@/lib/events/room-events';
import { isActiveStatus } from '@/lib/recording/statuses';
import { apiCall } from './api';
import { ApiError, type ConnectedMeetings } from './connected-meetings';

export type { RecordingDto, RecordingStatus } from '@/lib/client/recording-dto';

/** The recording is under way (asked for, recording or paused): people in the room must be told. */
export const isActive = (r: Pick<RecordingDto, 'status'> | null | undefined): boolean =>
  !!r && isActiveStatus(r.status);

/** The recording when it is under way, else undefined. */
export const activeOnly = (r: RecordingDto | null | undefined): RecordingDto | undefined =>
  r && isActive(r) ? r : undefined;

/** Meeting id → its newest recording known to this page (active or not). */
export type RecordingsView = Readonly<Record<string, RecordingDto | undefined>>;

/** The recording under way in a meeting, or null (a 404 means none). */
export async function activeRecording(meetingId: string): Promise<RecordingDto | null> {
  try {
    const r = await apiCall<RecordingDto | null>('GET', `/recordings/active-recording/${meetingId}`);
    return activeOnly(r) ?? null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export const startRecording = (meetingId: string) =>
  apiCall<RecordingDto>('POST', '/recordings', { meeting_id: meetingId });

export const stopRecording = (id: string) =>
  apiCall<RecordingDto>('PUT', `/recordings/${id}`, { action: 'stop' });

export const startAllRecordings = (mainMeetingId: string) =>
  apiCall<{ recordings: RecordingDto[] }>('POST', `/meetings/${mainMeetingId}/recordings/start-all`, {});

export const stopAllRecordings = (mainMeetingId: string) =>
  apiCall<{ recordings: RecordingDto[] }>('POST', `/meetings/${mainMeetingId}/recordings/stop-all`, {});

export const deleteRecording = (id: string) => apiCall<unknown>('DELETE', `/recordings/${id}`);

/** The newest recordings of a meeting and its rooms (a hundred at most), newest first. */
export const listRecordings = (mainMeetingId: string) =>
  apiCall<RecordingDto[]>('GET', `/recordings?meeting_id=${mainMeetingId}&per_page=100`);

/** A `recording_updated` event's recording. */
export function recordingOfEvent(event: RoomEvent): RecordingDto | undefined {
  return event.type === 'recording_updated' ? event.payload.recording : undefined;
}

/**
 * Follows the recordings of the meetings `watched()` names (the room a participant is in; every meeting
 * of the family for a host's manager).
 */
export class RecordingWatch {
  private view: RecordingsView = {};
  private readonly listeners = new Set<() => void>();
  /** Per meeting, how many events arrived: a read that started before the last one is stale. */
  private readonly eventsSeen = new Map<string, number>();
  private readonly asked = new Set<string>();

  constructor(
    private readonly cm: ConnectedMeetings,
    private readonly watched: () => string[],
  ) {}

  start(): () => void {
    const offs = [
      this.cm.on('roomEvent', (e) => {
        const r = recordingOfEvent(e);
        if (r) this.apply(r);
      }),
      // The stream came back: events may have been missed, read every watched meeting again.
      this.cm.on('resync', () => void this.refresh(this.watched())),
      // New rooms, or this person moved: read the ones not read yet.
      this.cm.on('stateUpdate', () => void this.refresh(this.watched().filter((id) => !this.asked.has(id)))),
      this.cm.on('meetingChanged', (id) => void this.refresh([id])),
    ];
    void this.refresh(this.watched());
    return () => offs.forEach((off) => off());
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  get = () => this.view;

  /** The recording under way in a meeting, if any. */
  active(meetingId: string): RecordingDto | undefined {
    return activeOnly(this.view[meetingId]);
  }

  /** Takes a recording this page learned of (an event, or a command's answer). */
  apply(r: RecordingDto) {
    this.eventsSeen.set(r.meeting_id, (this.eventsSeen.get(r.meeting_id) ?? 0) + 1);
    const known = this.view[r.meeting_id];
    // An older recording's late news does not replace the one under way now.
    if (known && known.id !== r.id && isActive(known) && !isActive(r)) return;
    this.set(r.meeting_id, r);
  }

  async refresh(meetingIds: string[]) {
    await Promise.all(
      [...new Set(meetingIds)].map(async (id) => {
        this.asked.add(id);
        const seen = this.eventsSeen.get(id) ?? 0;
        try {
          const r = await activeRecording(id);
          if ((this.eventsSeen.get(id) ?? 0) !== seen) return;
          const known = this.view[id];
          if (r) this.set(id, r);
          else if (isActive(known)) this.set(id, undefined);
        } catch {
          this.asked.delete(id); // asked again on the next change
        }
      }),
    );
  }

  private set(meetingId: string, r: RecordingDto | undefined) {
    this.view = { ...this.view, [meetingId]: r };
    this.listeners.forEach((l) => l());
  }
}
