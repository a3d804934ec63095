import { TrackSource } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { HOST_PERMISSIONS, PARTICIPANT_PERMISSIONS, permissionsSchema } from '@/lib/presets/permissions';
import { grantsFor } from './grants';

const { MICROPHONE, CAMERA, SCREEN_SHARE, SCREEN_SHARE_AUDIO } = TrackSource;
const withMedia = (audio: string, video: string, screenshare: string, hidden = false) =>
  permissionsSchema.parse({
    media: {
      audio: { can_produce: audio },
      video: { can_produce: video },
      screenshare: { can_produce: screenshare },
    },
    hidden_participant: hidden,
  });

describe('preset → media grant', () => {
  it.each([
    [
      'the host preset publishes everything',
      HOST_PERMISSIONS,
      [MICROPHONE, CAMERA, SCREEN_SHARE, SCREEN_SHARE_AUDIO],
      true,
    ],
    ['the participant preset publishes mic and camera', PARTICIPANT_PERMISSIONS, [MICROPHONE, CAMERA], true],
    [
      'a preset without video publishes the mic only',
      withMedia('ALLOWED', 'NOT_ALLOWED', 'NOT_ALLOWED'),
      [MICROPHONE],
      true,
    ],
    [
      'a preset without audio publishes the camera only',
      withMedia('NOT_ALLOWED', 'ALLOWED', 'NOT_ALLOWED'),
      [CAMERA],
      true,
    ],
    [
      'screen share alone brings its audio',
      withMedia('NOT_ALLOWED', 'NOT_ALLOWED', 'ALLOWED'),
      [SCREEN_SHARE, SCREEN_SHARE_AUDIO],
      true,
    ],
    [
      'a listen-only preset cannot publish at all',
      withMedia('NOT_ALLOWED', 'NOT_ALLOWED', 'NOT_ALLOWED'),
      [],
      false,
    ],
  ])('%s', (_name, permissions, sources, canPublish) => {
    const grant = grantsFor(permissions, 'room-1');
    expect(grant.canPublishSources).toEqual(sources);
    expect(grant.canPublish).toBe(canPublish);
  });

  it('grants exactly the one room given, to join and subscribe, never to administer', () => {
    const grant = grantsFor(PARTICIPANT_PERMISSIONS, 'a1b2');
    expect(grant).toMatchObject({
      room: 'a1b2',
      roomJoin: true,
      canSubscribe: true,
      canPublishData: true,
      roomAdmin: false,
      roomCreate: false,
      roomList: false,
      canUpdateOwnMetadata: false,
    });
  });

  it.each([
    ['the participant preset may chat, so it may publish data', PARTICIPANT_PERMISSIONS, true],
    ['the host preset may chat, so it may publish data', HOST_PERMISSIONS, true],
    [
      'a preset without chat.public.can_send may not publish data',
      permissionsSchema.parse({ chat: { public: { can_send: false } } }),
      false,
    ],
    [
      'a listen-only preset that may chat still publishes data only',
      permissionsSchema.parse({
        media: { audio: { can_produce: 'NOT_ALLOWED' }, video: { can_produce: 'NOT_ALLOWED' } },
      }),
      true,
    ],
  ])('%s', (_name, permissions, canPublishData) => {
    expect(grantsFor(permissions, 'r').canPublishData).toBe(canPublishData);
  });

  it('a hidden participant preset makes the participant hidden', () => {
    expect(grantsFor(withMedia('ALLOWED', 'ALLOWED', 'NOT_ALLOWED', true), 'r').hidden).toBe(true);
    expect(grantsFor(PARTICIPANT_PERMISSIONS, 'r').hidden).toBe(false);
  });

  it('a room locked by "mute all" takes the microphone from participants but not from moderators', () => {
    const locked = grantsFor(PARTICIPANT_PERMISSIONS, 'room-1', { audioLocked: true });
    expect(locked.canPublishSources).toEqual([CAMERA]);
    expect(locked.canPublish).toBe(true);
    const moderator = grantsFor(HOST_PERMISSIONS, 'room-1', { audioLocked: true });
    expect(moderator.canPublishSources).toContain(MICROPHONE);
    const audioOnly = withMedia('ALLOWED', 'NOT_ALLOWED', 'NOT_ALLOWED');
    expect(grantsFor(audioOnly, 'room-1', { audioLocked: true })).toMatchObject({
      canPublish: false,
      canPublishSources: [],
      canSubscribe: true,
    });
  });
});
