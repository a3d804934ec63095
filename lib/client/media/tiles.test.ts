import { describe, expect, it } from 'vitest';
import { onePerSource } from './tiles';

const tile = (identity: string, source: string, publication?: { track?: unknown; isMuted: boolean }) =>
  ({
    participant: { identity },
    source,
    publication,
    label: `${identity}:${source}:${String(!!publication?.track)}`,
  }) as never;

describe('tiles', () => {
  it('a person with two camera publications after a reconnect gets one tile: the one with a live track', () => {
    const stale = tile('ada', 'camera', { isMuted: false });
    const live = tile('ada', 'camera', { track: {}, isMuted: false });
    const ben = tile('ben', 'camera');
    expect(onePerSource([stale, ben, live])).toEqual([ben, live]);
    expect(onePerSource([live, ben, stale])).toEqual([live, ben]);
  });

  it('a camera and a screen share of one person are two tiles', () => {
    const camera = tile('ada', 'camera', { track: {}, isMuted: false });
    const screen = tile('ada', 'screen_share', { track: {}, isMuted: false });
    expect(onePerSource([camera, screen])).toHaveLength(2);
  });

  it('a placeholder gives way to a real publication', () => {
    const placeholder = tile('ada', 'camera');
    const muted = tile('ada', 'camera', { track: {}, isMuted: true });
    expect(onePerSource([placeholder, muted])).toEqual([muted]);
  });
});
