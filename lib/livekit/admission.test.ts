import { TrackSource, TrackType } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { HOST_PERMISSIONS, PARTICIPANT_PERMISSIONS, permissionsSchema } from '@/lib/presets/permissions';
import { judgeMedia, judgeRecorder, type MediaSeat, type ReportedTrack } from './admission';

const { AUDIO, VIDEO } = TrackType;
const { MICROPHONE, CAMERA, SCREEN_SHARE, SCREEN_SHARE_AUDIO, UNKNOWN } = TrackSource;
const audioOnly = permissionsSchema.parse({ media: { video: { can_produce: 'NOT_ALLOWED' } } });
const listenOnly = permissionsSchema.parse({
  media: { audio: { can_produce: 'NOT_ALLOWED' }, video: { can_produce: 'NOT_ALLOWED' } },
});
const seat = (over: Partial<MediaSeat> = {}): MediaSeat => ({
  currentMeetingId: 'room-a',
  meetingActive: true,
  permissions: PARTICIPANT_PERMISSIONS,
  ...over,
});
const track = (type: TrackType, source: TrackSource): ReportedTrack => ({
  sid: `TR_${type}_${source}`,
  type,
  source,
});

describe('may a warm connection wait in this media room? (MEDIA_WARM_SWITCH=on)', () => {
  const inRoom = seat({ currentMeetingId: 'room-a', mainMeetingId: 'main' });
  it.each([
    [
      'in a room, the main meeting is admitted as warm',
      inRoom,
      'main',
      true,
      { admit: true, refused: [], warm: true },
    ],
    [
      'with the switch off, the main meeting is elsewhere',
      inRoom,
      'main',
      false,
      { admit: false, reason: 'elsewhere' },
    ],
    ['another breakout room is never likely', inRoom, 'room-b', true, { admit: false, reason: 'elsewhere' }],
    [
      'in the main meeting, no other room is likely',
      seat({ currentMeetingId: 'main', mainMeetingId: 'main' }),
      'room-a',
      true,
      { admit: false, reason: 'elsewhere' },
    ],
    ['the room the seat is in is a full connection', inRoom, 'room-a', true, { admit: true, refused: [] }],
    ['a removed seat is refused anywhere', undefined, 'main', true, { admit: false, reason: 'no_seat' }],
  ])('%s', (_name, s, room, warm, verdict) => {
    expect(judgeMedia(s, room, [], warm)).toEqual(verdict);
  });
});

describe('may this identity be in this media room?', () => {
  it.each([
    ['a participant in the room they are in now is admitted', seat(), 'room-a', { admit: true, refused: [] }],
    ['a removed participant (no seat) is refused', undefined, 'room-a', { admit: false, reason: 'no_seat' }],
    [
      'a participant of an inactive meeting is refused',
      seat({ meetingActive: false }),
      'room-a',
      { admit: false, reason: 'meeting_inactive' },
    ],
    [
      'a token kept from before a move (another room) is refused',
      seat({ currentMeetingId: 'room-b' }),
      'room-a',
      { admit: false, reason: 'elsewhere' },
    ],
    [
      'an inactive meeting wins over being elsewhere',
      seat({ meetingActive: false, currentMeetingId: 'room-b' }),
      'room-a',
      { admit: false, reason: 'meeting_inactive' },
    ],
  ])('%s', (_name, s, room, verdict) => {
    expect(judgeMedia(s, room)).toEqual(verdict);
  });
});

describe('which of its tracks may stay published?', () => {
  it.each([
    [
      'microphone audio and camera video stay',
      PARTICIPANT_PERMISSIONS,
      [track(AUDIO, MICROPHONE), track(VIDEO, CAMERA)],
      [],
    ],
    [
      'a video track declared as microphone goes',
      audioOnly,
      [track(VIDEO, MICROPHONE)],
      ['A video track sent as "microphone"'],
    ],
    [
      'a video track declared as microphone goes even when video is allowed',
      PARTICIPANT_PERMISSIONS,
      [track(VIDEO, MICROPHONE)],
      ['A video track sent as "microphone"'],
    ],
    [
      'an audio track declared as camera goes',
      PARTICIPANT_PERMISSIONS,
      [track(AUDIO, CAMERA)],
      ['An audio track sent as "camera"'],
    ],
    [
      'a camera the preset does not allow goes',
      audioOnly,
      [track(VIDEO, CAMERA)],
      ['does not allow sending camera'],
    ],
    [
      'screen share without the right goes',
      PARTICIPANT_PERMISSIONS,
      [track(VIDEO, SCREEN_SHARE)],
      ['does not allow sending screen share'],
    ],
    [
      'screen share and its audio stay for a host',
      HOST_PERMISSIONS,
      [track(VIDEO, SCREEN_SHARE), track(AUDIO, SCREEN_SHARE_AUDIO)],
      [],
    ],
    [
      'a listen-only preset keeps nothing',
      listenOnly,
      [track(AUDIO, MICROPHONE)],
      ['does not allow sending microphone'],
    ],
    ['a track of unknown source goes', HOST_PERMISSIONS, [track(VIDEO, UNKNOWN)], ['unknown source']],
  ])('%s', (_name, permissions, tracks, reasons) => {
    const verdict = judgeMedia(seat({ permissions }), 'room-a', tracks);
    if (!verdict.admit) throw new Error('expected an admitted seat');
    expect(verdict.refused).toHaveLength(reasons.length);
    verdict.refused.forEach((r, i) => expect(r.reason).toContain(reasons[i]));
  });

  it('a refused seat is refused whatever its tracks', () => {
    expect(judgeMedia(undefined, 'room-a', [track(AUDIO, MICROPHONE)])).toEqual({
      admit: false,
      reason: 'no_seat',
    });
  });
});

describe('may this recorder be in this media room?', () => {
  it.each([
    [
      'a recorder of an unfinished recording of this room is admitted',
      { meetingId: 'room-a', unfinished: true },
      'room-a',
      { admit: true, refused: [] },
    ],
    [
      'a recorder in another room than the one it records is refused',
      { meetingId: 'room-a', unfinished: true },
      'room-b',
      { admit: false, reason: 'elsewhere' },
    ],
    [
      'a recorder whose recording is finished (or resolved after a restart) is refused',
      { meetingId: 'room-a', unfinished: false },
      'room-a',
      { admit: false, reason: 'no_seat' },
    ],
    ['a recorder naming no recording is refused', undefined, 'room-a', { admit: false, reason: 'no_seat' }],
  ] as const)('%s', (_name, recording, room, verdict) => {
    expect(judgeRecorder(recording, room)).toEqual(verdict);
  });
});
