import { Track } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { sourceRefusal } from './refusal';

const { Microphone, Camera, ScreenShare } = Track.Source;

describe('a source the media server would refuse is refused by the page at once', () => {
  it.each([
    ['before joining, the server decides', undefined, Camera, undefined],
    [
      'a granted source is allowed',
      { canPublish: true, canPublishSources: [Microphone, Camera] },
      Camera,
      undefined,
    ],
    [
      'an empty source list with canPublish allows every source',
      { canPublish: true, canPublishSources: [] },
      ScreenShare,
      undefined,
    ],
    [
      'a camera left out of the grant is refused',
      { canPublish: true, canPublishSources: [Microphone] },
      Camera,
      'does not allow sending your camera',
    ],
    [
      'without canPublish nothing is allowed',
      { canPublish: false, canPublishSources: [] },
      Microphone,
      'does not allow sending your microphone',
    ],
  ])('%s', (_name, permissions, source, refusal) => {
    const result = sourceRefusal(permissions, source);
    if (refusal === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(refusal);
  });
});
