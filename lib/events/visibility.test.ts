import { describe, expect, it } from 'vitest';
import type { EventRow } from '@/db/schema';
import { HOST_PERMISSIONS, PARTICIPANT_PERMISSIONS, permissionsSchema } from '@/lib/presets/permissions';
import {
  movesSelf,
  needsPresetOf,
  presetsNamed,
  step,
  visibleState,
  type ParticipantView,
} from './visibility';

const presets = new Map([
  ['p', { id: 'p', name: 'participant', permissions: PARTICIPANT_PERMISSIONS }],
  ['h', { id: 'h', name: 'host', permissions: HOST_PERMISSIONS }],
  [
    'ghost',
    { id: 'ghost', name: 'ghost', permissions: permissionsSchema.parse({ hidden_participant: true }) },
  ],
  [
    'alone',
    { id: 'alone', name: 'alone', permissions: permissionsSchema.parse({ show_participant_list: false }) },
  ],
]);

const view = (presetId = 'p'): ParticipantView => ({
  selfId: 'me',
  roomId: 'main',
  presetId,
  presets,
  presetOf: new Map([
    ['me', presetId],
    ['bob', 'p'],
    ['gus', 'ghost'],
  ]),
});

let nextId = 1;
const row = (type: string, payload: unknown, extra: Partial<EventRow> = {}): EventRow => ({
  id: nextId++,
  mainMeetingId: 'main',
  version: 1,
  type,
  payload,
  actor: { kind: 'system' },
  roomId: null,
  audience: null,
  hints: null,
  createdAt: new Date(0),
  ...extra,
});
const moved = (to: string, ids: Array<[string, string]>, from = 'main') =>
  row('participants_moved', {
    source_meeting_id: from,
    destination_meeting_id: to,
    participants: ids.map(([id, preset]) => ({
      id,
      preset_id: preset,
      preset_name: preset,
      custom_preset: false,
    })),
  });
const chat = (room: string) => row('chat_message', { message: {} }, { roomId: room });

describe('what a participant stream carries', () => {
  it('a room message reaches them only while the log has them in that room', () => {
    const v = view();
    expect(step(v, chat('r1')).send).toBe('none');
    expect(step(v, moved('r1', [['me', 'p']])).send).toBe('row');
    expect(step(v, chat('r1')).send).toBe('row');
    expect(step(v, chat('main')).send).toBe('none');
  });

  it("a removal or presence change says whose preset applied, so a view keeps no one else's", () => {
    const v: ParticipantView = { selfId: 'me', roomId: 'main', presetId: 'p', presets };
    const gone = (id: string, preset?: string) =>
      row('participant_removed', preset ? { id, preset_id: preset } : { id });
    const present = (id: string, preset: string) =>
      row('presence_changed', { participant_id: id, meeting_id: 'main', connected: true, preset_id: preset });
    expect(step(v, present('gus', 'ghost')).send).toBe('none');
    expect(step(v, present('bob', 'p')).send).toBe('row');
    expect(step(v, gone('gus', 'ghost')).send).toBe('none');
    expect(step(v, gone('bob', 'p')).send).toBe('row');
    // Moves keep only where the viewer is: nothing accumulates per other participant.
    step(
      v,
      moved('r1', [
        ['bob', 'p'],
        ['me', 'p'],
      ]),
    );
    expect(v).toEqual({ selfId: 'me', roomId: 'r1', presetId: 'p', presets });
    // An older row without the preset needs everyone's preset read first; with it read, it decides.
    expect(needsPresetOf(v, gone('gus'))).toBe(true);
    expect(needsPresetOf(v, gone('gus', 'ghost'))).toBe(false);
    expect(needsPresetOf(view(), gone('gus'))).toBe(false);
    expect(step(view(), gone('gus')).send).toBe('none');
  });

  it("the hosts' draft and hosts-only rows never reach a participant, and always reach host powers", () => {
    expect(step(view(), row('draft_updated', { draft: {} })).send).toBe('none');
    expect(step(view(), row('help_requested', {}, { audience: 'hosts' })).send).toBe('none');
    expect(step(view('h'), row('draft_updated', { draft: {} })).send).toBe('row');
  });

  it('a hidden participant is left out of moves, and others lose their custom id', () => {
    const v = view();
    expect(step(v, moved('r1', [['gus', 'ghost']])).send).toBe('none');
    const both = step(
      v,
      moved('r1', [
        ['gus', 'ghost'],
        ['bob', 'p'],
      ]),
    );
    expect(both).toMatchObject({ send: 'payload', payload: { participants: [{ id: 'bob' }] } });
    const added = step(
      v,
      row('participant_added', {
        meeting_id: 'main',
        participant: { id: 'cy', preset_id: 'p', custom_participant_id: 'x' },
      }),
    );
    expect(added).toMatchObject({
      send: 'payload',
      payload: { participant: { id: 'cy', custom_participant_id: null } },
    });
    expect(
      step(v, row('presence_changed', { participant_id: 'gus', meeting_id: 'main', connected: true })).send,
    ).toBe('none');
  });

  it('one move row decides for every view that is handed it: moved or not, all seen or narrowed', () => {
    // The row object every stream of a process shares (its people are indexed once, on first use).
    const everyone = moved('r2', [
      ['me', 'p'],
      ['bob', 'p'],
      ['gus', 'ghost'],
      ['hal', 'h'],
    ]);
    expect([...presetsNamed(everyone)].sort()).toEqual(['ghost', 'h', 'p']);
    const mine = view();
    expect(movesSelf(mine, everyone)).toBe(true);
    expect(step(mine, everyone)).toMatchObject({
      send: 'payload',
      payload: { participants: [{ id: 'me' }, { id: 'bob' }, { id: 'hal' }] },
    });
    expect(mine.roomId).toBe('r2');
    expect(mine.presetOf?.get('hal')).toBe('h');
    const other = { ...view(), selfId: 'zed', presetOf: undefined };
    expect(movesSelf(other, everyone)).toBe(false);
    expect(step(other, everyone).send).toBe('payload');
    expect(other.roomId).toBe('main');
    const host = { ...view('h'), selfId: 'hal' };
    expect(step(host, everyone).send).toBe('row');
    expect([host.roomId, host.presetId]).toEqual(['r2', 'h']);
    // Everyone named may be seen: the shared row itself. A move of nobody reaches nobody.
    const plain = moved('r1', [
      ['bob', 'p'],
      ['cy', 'p'],
    ]);
    expect(step(view(), plain).send).toBe('row');
    expect(step(view(), moved('r1', [])).send).toBe('none');
    // Their preset changes with the move that names them.
    const promoted = view();
    expect(step(promoted, moved('r1', [['me', 'h']])).send).toBe('row');
    expect(promoted.presetId).toBe('h');
  });

  it('without the participant list only their own changes reach them', () => {
    const v = view('alone');
    expect(step(v, moved('r1', [['bob', 'p']])).send).toBe('none');
    expect(
      step(
        v,
        moved('r1', [
          ['me', 'alone'],
          ['bob', 'p'],
        ]),
      ),
    ).toMatchObject({
      send: 'payload',
      payload: { participants: [{ id: 'me' }] },
    });
  });

  it('a preset change in the log narrows from that row on', () => {
    const v = view('h');
    expect(step(v, chat('r9')).send).toBe('row');
    step(
      v,
      row('participant_updated', { participant: { id: 'me', preset_id: 'p', custom_participant_id: null } }),
    );
    expect(step(v, chat('r9')).send).toBe('none');
  });

  it('the state shows what the preset lets them see', () => {
    const person = (id: string, preset: string) => ({
      id,
      preset_id: preset,
      custom_participant_id: `${id}-ext`,
    });
    const state = {
      parent_meeting: { participants: [person('me', 'p'), person('bob', 'p'), person('gus', 'ghost')] },
      meetings: [],
    };
    const seen = visibleState(state, { selfId: 'me', presetId: 'p', presets });
    expect(seen.parent_meeting.participants.map((p) => `${p.id}:${p.custom_participant_id}`)).toEqual([
      'me:me-ext',
      'bob:null',
    ]);
    const alone = visibleState(state, { selfId: 'me', presetId: 'alone', presets });
    expect(alone.parent_meeting.participants.map((p) => p.id)).toEqual(['me']);
    expect(visibleState(state, { selfId: 'me', presetId: 'h', presets })).toBe(state);
  });
});
