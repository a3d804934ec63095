import { describe, expect, it } from 'vitest';
import { api, newHost } from '../support/api';

describe('REST API basics', () => {
  it('a new host has the default presets and can create a meeting with a participant', async () => {
    const host = await newHost();
    const presets = await api('GET', '/presets', { key: host.key });
    expect(presets.status).toBe(200);
    expect(presets.body.data.map((p: { name: string }) => p.name)).toEqual(['host', 'participant']);

    const meeting = await api('POST', '/meetings', { key: host.key, body: { title: 'Standup' } });
    expect(meeting.status).toBe(201);
    const p = await api('POST', `/meetings/${meeting.body.data.id}/participants`, {
      key: host.key,
      body: { name: 'Ada', preset_name: 'participant' },
    });
    expect(p.status).toBe(201);
    expect(p.body.data.join_url).toMatch(/^http:\/\/localhost:3000\/join\/bpt_/);
  });
});
