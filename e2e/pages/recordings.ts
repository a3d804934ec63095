import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { retryOnReset } from './reset-retry';

/** A recording as the REST API reports it (RealtimeKit's shape). */
export interface RecordingInfo {
  id: string;
  meeting_id: string;
  main_meeting_id: string;
  room_title: string;
  status: 'INVOKED' | 'RECORDING' | 'PAUSED' | 'UPLOADING' | 'UPLOADED' | 'ERRORED';
  invoked_time: string;
  started_time: string | null;
  stopped_time: string | null;
  recording_duration: number | null;
  file_size: number | null;
  output_file_name: string | null;
  download_url: string | null;
  stop_reason: { reason: string; message?: string } | null;
  error: string | null;
}

/** The recordings API with the host's key: to read what the pages did, never to do it for them. */
export class RecordingsApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly key: string,
  ) {}

  private async call<T>(method: 'GET' | 'PUT', path: string, data?: unknown): Promise<T> {
    const res = await retryOnReset(() =>
      this.request.fetch(`/api/v1${path}`, {
        method,
        data,
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBe(200);
    return ((await res.json()) as { data: T }).data;
  }

  /** Every recording of a meeting and its rooms, newest first as the API lists them. */
  async list(mainMeetingId: string): Promise<RecordingInfo[]> {
    const data = await this.call<RecordingInfo[] | { recordings: RecordingInfo[] }>(
      'GET',
      `/recordings?meeting_id=${mainMeetingId}&per_page=100`,
    );
    return Array.isArray(data) ? data : data.recordings;
  }

  /** The recordings of one room (or of the main meeting itself). */
  async of(mainMeetingId: string, meetingId: string) {
    return (await this.list(mainMeetingId)).filter((r) => r.meeting_id === meetingId);
  }

  stop(id: string) {
    return this.call<RecordingInfo>('PUT', `/recordings/${id}`, { action: 'stop' });
  }
}

/** The dashboard meeting page's Recordings section. */
export class RecordingsSection {
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Recordings of this meeting' });
  }

  row(roomTitle: string) {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: roomTitle, exact: true }) });
  }

  /** Downloads a room's file through its Download link; resolves with the saved path. */
  async download(roomTitle: string, to: string) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.row(roomTitle)
        .getByRole('link', { name: `Download ${roomTitle}` })
        .click(),
    ]);
    await download.saveAs(to);
    return { path: to, suggested: download.suggestedFilename() };
  }
}
