import { TrackSource, TrackType } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { HOST_PERMISSIONS, PARTICIPANT_PERMISSIONS, permissionsSchema } from '@/lib/presets/permissions';
import { judgeListener, judgeMedia, judgeRecorder, type MediaSeat, type ReportedTrack } from './admission';

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
  const rightless = { canSubscribe: false, canPublish: false, canPublishData: false, hidden: true };
  const full = { canSubscribe: true, canPublish: true, canPublishData: false, hidden: false };
  const camera = track(TrackType.VIDEO, TrackSource.CAMERA);
  it.each([
    ['in a room, rights-less and hidden in the main meeting', inRoom, 'main', rightless, [], true, true],
    [
      'its rights not reported (a track event): judged as the person',
      inRoom,
      'main',
      undefined,
      [],
      true,
      'elsewhere',
    ],
    ['with the switch off, the main meeting is elsewhere', inRoom, 'main', rightless, [], false, 'elsewhere'],
    ['another breakout room is never likely', inRoom, 'room-b', rightless, [], true, 'elsewhere'],
    [
      'in the main meeting, no other room is likely',
      seat({ currentMeetingId: 'main', mainMeetingId: 'main' }),
      'room-a',
      rightless,
      [],
      true,
      'elsewhere',
    ],
    [
      'in the main meeting, the planned room of its draft assignment',
      seat({ currentMeetingId: 'main', mainMeetingId: 'main', plannedRoomId: 'planned' }),
      'planned',
      rightless,
      [],
      true,
      true,
    ],
    [
      'but no other room',
      seat({ currentMeetingId: 'main', mainMeetingId: 'main', plannedRoomId: 'planned' }),
      'room-a',
      rightless,
      [],
      true,
      'elsewhere',
    ],
    [
      'in a room the seat may pick itself (it points at it)',
      seat({ currentMeetingId: 'main', mainMeetingId: 'main', choices: ['room-b'] }),
      'room-b',
      rightless,
      [],
      true,
      true,
    ],
    [
      'but not with a right in a room the seat may pick itself',
      seat({ currentMeetingId: 'main', mainMeetingId: 'main', choices: ['room-b'] }),
      'room-b',
      { ...rightless, canSubscribe: true },
      [],
      true,
      'elsewhere',
    ],
    [
      'in a room a host has picked for the seat, not moved yet',
      seat({ ...inRoom, pendingRoomId: 'room-b' }),
      'room-b',
      rightless,
      [],
      true,
      true,
    ],
    [
      'but then no longer in the main meeting (one warm connection)',
      seat({ ...inRoom, pendingRoomId: 'room-b' }),
      'main',
      rightless,
      [],
      true,
      'elsewhere',
    ],
    [
      "and not in a host's pick with the switch off",
      seat({ ...inRoom, pendingRoomId: 'room-b' }),
      'room-b',
      rightless,
      [],
      false,
      'elsewhere',
    ],
    ['with its rights (a page that ignored its move)', inRoom, 'main', full, [], true, 'elsewhere'],
    ['able to subscribe', inRoom, 'main', { ...rightless, canSubscribe: true }, [], true, 'elsewhere'],
    ['able to send data', inRoom, 'main', { ...rightless, canPublishData: true }, [], true, 'elsewhere'],
    ['visible', inRoom, 'main', { ...rightless, hidden: false }, [], true, 'elsewhere'],
    ['publishing a track', inRoom, 'main', rightless, [camera], true, 'elsewhere'],
    [
      'the room the seat is in now admits it rights-less too (the server promotes it)',
      inRoom,
      'room-a',
      rightless,
      [],
      true,
      true,
    ],
    ['a removed seat', undefined, 'main', rightless, [], true, 'no_seat'],
    [
      'an inactive meeting',
      seat({ ...inRoom, meetingActive: false }),
      'main',
      rightless,
      [],
      true,
      'meeting_inactive',
    ],
  ] as const)('%s', (_name, s, room, permission, tracks, warmSwitch, expected) => {
    expect(judgeMedia(s, room, [...tracks], { warmSwitch, permission })).toEqual(
      expected === true ? { admit: true, refused: [] } : { admit: false, reason: expected },
    );
  });

  it('without the switch a seat is admitted only where it is', () => {
    expect(judgeMedia(inRoom, 'main', [], { warmSwitch: false, permission: rightless })).toEqual({
      admit: false,
      reason: 'elsewhere',
    });
    expect(judgeMedia(inRoom, 'main')).toEqual({ admit: false, reason: 'elsewhere' });
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

describe('may this listening connection stay in this room?', () => {
  const allowed = { hostPowers: true, meetingActive: true, roomOpen: true };
  it.each([
    ['a principal with host powers in an open room of an active meeting stays', allowed, [], true],
    ['a principal who lost host powers is removed', { ...allowed, hostPowers: false }, [], false],
    ['a listener to an inactive meeting is removed', { ...allowed, meetingActive: false }, [], false],
    ['a listener to a closed room is removed', { ...allowed, roomOpen: false }, [], false],
    ['an identity the database does not know is removed', undefined, [], false],
    ['a listener that publishes a track is removed', allowed, [track(AUDIO, MICROPHONE)], false],
  ] as const)('%s', (_name, listener, tracks, admit) => {
    expect(judgeListener(listener, [...tracks]).admit).toBe(admit);
  });
});
