import { expect, type APIRequestContext } from '@playwright/test';
import { retryOnReset } from './reset-retry';

/** The REST API with a host's API key: the quick way to set up meetings for a media test. */
export class RestApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly key: string,
  ) {}

  private async post<T>(path: string, data: unknown): Promise<T> {
    const res = await retryOnReset(() =>
      this.request.post(`/api/v1${path}`, {
        data,
        headers: { Authorization: `Bearer ${this.key}` },
      }),
    );
    expect(res.status(), `POST ${path}: ${await res.text()}`).toBe(201);
    return ((await res.json()) as { data: T }).data;
  }

  /** A meeting as the API reports it now. */
  async getMeeting(meetingId: string) {
    const res = await retryOnReset(() =>
      this.request.get(`/api/v1/meetings/${meetingId}`, { headers: { Authorization: `Bearer ${this.key}` } }),
    );
    expect(res.status(), await res.text()).toBe(200);
    return ((await res.json()) as { data: { id: string; status: 'ACTIVE' | 'INACTIVE' } }).data;
  }

  createMeeting(title: string) {
    return this.post<{ id: string }>('/meetings', { title });
  }

  createPreset(name: string, permissions: unknown) {
    return this.post<{ id: string; name: string }>('/presets', { name, permissions });
  }

  addParticipant(meetingId: string, name: string, presetName = 'participant') {
    return this.post<{ id: string; name: string; join_url: string }>(`/meetings/${meetingId}/participants`, {
      name,
      preset_name: presetName,
    });
  }
}
