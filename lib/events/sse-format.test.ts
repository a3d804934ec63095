import { describe, expect, it } from 'vitest';
import { eventFrame, heartbeatFrame, messageFrame, parseLastEventId, retryFrame } from './sse-format';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('SSE frames', () => {
  it('an event frame names the type, carries the id and one JSON data line, and ends with a blank line', () => {
    const row = {
      id: 42,
      type: 'participants_moved',
      version: 7,
      payload: { note: 'line\nbreak' },
      actor: { kind: 'system' },
      createdAt: new Date('2026-01-02T03:04:05.006Z'),
    };
    expect(text(eventFrame(row))).toBe(
      'event: participants_moved\nid: 42\ndata: {"version":7,"payload":{"note":"line\\nbreak"},"actor":{"kind":"system"},"created_at":"2026-01-02T03:04:05.006Z"}\n\n',
    );
  });

  it('a row is serialized once however many subscribers send it', () => {
    const row = { id: 1, type: 't', version: 1, payload: {}, actor: {}, createdAt: new Date() };
    expect(eventFrame(row)).toBe(eventFrame(row));
  });

  it('retry and heartbeat frames are what browsers and proxies expect', () => {
    expect(text(retryFrame())).toBe('retry: 2000\n\n');
    expect(text(heartbeatFrame())).toMatch(/^:[^\n]*\n\n$/);
  });

  it('an event name with a line break is refused (it would forge fields)', () => {
    expect(() => messageFrame('a\nid: 9', 1, {})).toThrow();
  });
});

describe('parseLastEventId', () => {
  it('reads the header first, then the query, and treats empty as absent', () => {
    expect(parseLastEventId('12', '3')).toBe(12);
    expect(parseLastEventId(null, '3')).toBe(3);
    expect(parseLastEventId('', '3')).toBe(3);
    expect(parseLastEventId(null, null)).toBeUndefined();
    expect(parseLastEventId(' ', null)).toBeUndefined();
    expect(parseLastEventId('0', null)).toBe(0);
  });

  it.each(['-1', '1.5', 'abc', '1e3', '0x10', '9999999999999999'])('refuses %j', (bad) => {
    expect(parseLastEventId(bad, null)).toBe(false);
  });
});
