import { describe, expect, it } from 'vitest';
import { api, cmPath, expectInvariants, family, newHost } from '../support/breakout';

describe('the breakout event log', () => {
  it('keeps the room preset when the host renames someone moved with a custom preset', async () => {
    const host = await newHost();
    const f = await family(host, { Ada: 'participant' }, 1);
    const presets = await api('GET', '/presets', { key: host.key });
    const hostPreset = presets.body.data.find((p: { name: string }) => p.name === 'host');
    const moved = await api('POST', cmPath(f.meetingId, '/move'), {
      key: host.key,
      body: {
        source_meeting_id: f.meetingId,
        destination_meeting_id: f.rooms[0],
        participants: [{ id: f.seats.Ada!.id, preset_id: hostPreset.id }],
      },
    });
    expect(moved.status).toBe(200);
    const renamed = await api('PATCH', `/meetings/${f.meetingId}/participants/${f.seats.Ada!.id}`, {
      key: host.key,
      body: { name: 'Ada L.' },
    });
    expect(renamed.status).toBe(200);
    const state = await api('GET', cmPath(f.meetingId), { key: host.key });
    expect(state.body.data.meetings[0].participants[0]).toMatchObject({
      name: 'Ada L.',
      preset_name: 'host',
    });
    await expectInvariants(f.meetingId, f.title);
  });
});
