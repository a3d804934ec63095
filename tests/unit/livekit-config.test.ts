// The media server config the project runs its own LiveKit with (dev, tests, benchmarks; scripts/livekit.ts).
import { describe, expect, it } from 'vitest';
import { KEYFRAME_REQUEST_THROTTLE_MS, livekitConfig } from '../../scripts/livekit';

const base = { port: 7880, udpPort: 7882, webhookUrl: 'http://127.0.0.1:3000/api/livekit/webhook' };

/** The `rtc.pli_throttle` block of a config, as `layer: value` lines. */
const throttle = (yaml: string) => {
  const lines = yaml.split('\n');
  const at = lines.indexOf('  pli_throttle:');
  return at < 0 ? undefined : lines.slice(at + 1, at + 4).map((l) => l.trim());
};

describe("the project's media server config", () => {
  it('asks publishers for keyframes at most every 200 ms on every layer unless told otherwise', () => {
    expect(KEYFRAME_REQUEST_THROTTLE_MS).toBe(200);
    expect(throttle(livekitConfig(base))).toEqual([
      'low_quality: 200ms',
      'mid_quality: 200ms',
      'high_quality: 200ms',
    ]);
  });

  it('takes another throttle, or none for LiveKit’s own defaults', () => {
    expect(throttle(livekitConfig({ ...base, pliThrottleMs: 100 }))).toEqual([
      'low_quality: 100ms',
      'mid_quality: 100ms',
      'high_quality: 100ms',
    ]);
    const own = livekitConfig({ ...base, pliThrottleMs: 'livekit' });
    expect(throttle(own)).toBeUndefined();
    expect(own).toContain('rtc:\n  tcp_port: 0');
  });
});
