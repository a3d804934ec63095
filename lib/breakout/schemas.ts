import { z } from 'zod';
import { textField } from '@/lib/schemas';
import { MAX_TIMER_SECONDS, MIN_TIMER_SECONDS, WARNING_SECONDS } from './timer-clock';

const roomTitle = textField('title', 100);
/** A draft room's key: any short single-line text the client chose. */
const draftKey = (field: string) => textField(field, 64);
const id = (field: string) => z.uuid({ error: `${field} must be a UUID` });
const expectedVersion = z.number().int().min(0).optional();
const uniqueIds = (list: Array<{ id: string }>) => new Set(list.map((p) => p.id)).size === list.length;

export const createMeetingsSchema = z.strictObject({
  meetings: z
    .array(z.strictObject({ title: roomTitle }), { error: 'meetings must be a list of {title}' })
    .min(1, 'meetings must not be empty')
    .max(100, 'meetings can hold at most 100 rooms'),
  expected_version: expectedVersion,
});

export const updateMeetingsSchema = z.strictObject({
  meetings: z
    .array(z.strictObject({ id: id('id'), title: roomTitle }), {
      error: 'meetings must be a list of {id, title}',
    })
    .min(1, 'meetings must not be empty')
    .max(100, 'meetings can hold at most 100 rooms')
    // Two titles for one room would be ambiguous.
    .refine((list) => uniqueIds(list), 'meetings names the same room twice'),
  expected_version: expectedVersion,
});

export const deleteMeetingsSchema = z.strictObject({
  meeting_ids: z
    .array(id('meeting_ids'), { error: 'meeting_ids must be a list of UUIDs' })
    .min(1, 'meeting_ids must not be empty')
    .max(100)
    .refine((list) => new Set(list).size === list.length, 'meeting_ids names the same room twice'),
  expected_version: expectedVersion,
});

export const moveSchema = z
  .strictObject({
    source_meeting_id: id('source_meeting_id'),
    destination_meeting_id: id('destination_meeting_id'),
    participant_ids: z
      .array(id('participant_ids'), { error: 'participant_ids must be a list of UUIDs' })
      .max(1000)
      .optional(),
    participants: z
      .array(z.strictObject({ id: id('id'), preset_id: id('preset_id') }), {
        error: 'participants must be a list of {id, preset_id}',
      })
      .max(1000)
      .optional(),
    expected_version: expectedVersion,
  })
  .refine((v) => (v.participant_ids === undefined) !== (v.participants === undefined), {
    message: 'give either participant_ids or participants, not both',
    path: ['participant_ids'],
  })
  .refine((v) => (v.participant_ids ?? v.participants ?? []).length > 0, {
    message: 'the list of participants to move must not be empty',
    path: ['participant_ids'],
  })
  .refine((v) => uniqueIds(v.participants ?? (v.participant_ids ?? []).map((x) => ({ id: x }))), {
    message: 'the list of participants to move has duplicates',
    path: ['participant_ids'],
  })
  .refine((v) => v.source_meeting_id !== v.destination_meeting_id, {
    message: 'destination_meeting_id must differ from source_meeting_id',
    path: ['destination_meeting_id'],
  });

/** The longest close countdown: an hour (a breakout timer will set longer deadlines its own way). */
/** The most people one pending pick may name (a selection on the board). */
export const MAX_PENDING_MOVE = 200;

export const pendingMoveSchema = z
  .strictObject({
    destination_meeting_id: id('destination_meeting_id')
      .nullable()
      .describe('The room (or the main meeting) a host picked for them; null: the pick was put back'),
    participant_ids: z
      .array(id('participant_ids'), { error: 'participant_ids must be a list of UUIDs' })
      .min(1, 'participant_ids must name at least one participant')
      .max(MAX_PENDING_MOVE, `participant_ids may name at most ${MAX_PENDING_MOVE} participants`),
  })
  .refine((v) => new Set(v.participant_ids).size === v.participant_ids.length, {
    message: 'participant_ids has duplicates',
    path: ['participant_ids'],
  });

export const MAX_CLOSE_COUNTDOWN_S = 3600;

export const closeAllSchema = z
  .strictObject({
    countdown_seconds: z
      .number({ error: 'countdown_seconds must be a number of seconds' })
      .int('countdown_seconds must be a whole number of seconds')
      .min(0, 'countdown_seconds must be 0 or more')
      .max(MAX_CLOSE_COUNTDOWN_S, `countdown_seconds must be at most ${MAX_CLOSE_COUNTDOWN_S}`)
      .optional()
      .describe('0 or absent: close now. Otherwise every open room closes this many seconds from now.'),
    expected_version: expectedVersion,
  })
  .optional();

export const cancelCloseSchema = z.strictObject({ expected_version: expectedVersion }).optional();

export const draftSchema = z
  .strictObject({
    rooms: z
      .array(z.strictObject({ key: draftKey('key'), title: roomTitle }))
      .max(100, 'a draft can hold at most 100 rooms'),
    assignments: z.record(id('assignments key'), draftKey('room key')),
    expected_version: expectedVersion,
  })
  .refine((d) => new Set(d.rooms.map((r) => r.key)).size === d.rooms.length, {
    message: 'room keys must be unique',
    path: ['rooms'],
  })
  .refine((d) => Object.values(d.assignments).every((k) => d.rooms.some((r) => r.key === k)), {
    message: 'every assignment must name a room key of the draft',
    path: ['assignments'],
  });

/** The longest name of a saved room plan. */
export const MAX_PLAN_NAME = 80;

export const savePlanSchema = z.strictObject({ name: textField('name', MAX_PLAN_NAME) });

export const applyPlanSchema = z.strictObject({ expected_version: expectedVersion }).optional();

export const importDraftQuerySchema = z.strictObject({
  preview: z
    .enum(['true', 'false'], { error: 'preview must be true or false' })
    .optional()
    .describe('true: answer what the import would do (matched, unknown, duplicates) and save nothing'),
});
/** The most seats a room can have while participants choose. */
export const MAX_SELF_SELECT_CAPACITY = 1000;

export const selfSelectSchema = z.strictObject({
  enabled: z.boolean({ error: 'enabled must be true or false' }),
  capacity: z
    .number({ error: 'capacity must be a number of seats, or null for no cap' })
    .int('capacity must be a whole number of seats')
    .min(1, 'capacity must be at least 1 seat per room')
    .max(MAX_SELF_SELECT_CAPACITY, `capacity must be at most ${MAX_SELF_SELECT_CAPACITY} seats per room`)
    .nullable()
    .optional()
    .describe('Seats per room while participants choose; null or absent: no cap'),
  expected_version: expectedVersion,
});

export const lateJoinersSchema = z.strictObject({
  auto_place: z.boolean({ error: 'auto_place must be true or false' }),
  expected_version: expectedVersion,
});

export const placeLateJoinersSchema = z.strictObject({ expected_version: expectedVersion }).optional();

/** A list of groups of participant ids, for keep_apart / keep_together. */
const groups = (field: string) =>
  z
    .array(
      z
        .array(id(`${field} member`), { error: `each ${field} group must be a list of participant ids` })
        .min(2, `each ${field} group needs at least 2 people`)
        .max(1000),
      { error: `${field} must be a list of groups of participant ids` },
    )
    .max(500, `${field} can hold at most 500 groups`)
    .optional();

export const assignDraftSchema = z
  .strictObject({
    mode: z
      .enum(['even', 'per_room'], { error: 'mode must be "even" or "per_room"' })
      .describe('even: spread over `rooms` rooms; per_room: as many rooms as hold at most `per_room` each'),
    rooms: z
      .int({ error: 'rooms must be a whole number' })
      .min(1, 'rooms must be at least 1')
      .max(100, 'a draft can hold at most 100 rooms')
      .optional()
      .describe(
        "mode even: how many rooms (the draft's rooms are kept, added to or trimmed); absent: the draft's rooms",
      ),
    per_room: z
      .int({ error: 'per_room must be a whole number' })
      .min(1, 'per_room must be at least 1')
      .max(1000, 'per_room must be at most 1000')
      .optional()
      .describe('mode per_room: the most people in a room'),
    shuffle: z
      .boolean({ error: 'shuffle must be true or false' })
      .optional()
      .describe('true (default): at random; false: in a stable order, by name then id, first rooms first'),
    keep_apart: groups('keep_apart').describe('Groups of participant ids to put in different rooms'),
    keep_together: groups('keep_together').describe('Groups of participant ids to put in one room'),
    spread_tag: textField('spread_tag', 40)
      .optional()
      .describe('People carrying this tag spread evenly: their counts per room differ by at most one'),
    include_absent: z
      .boolean({ error: 'include_absent must be true or false' })
      .optional()
      .describe('Also place people not connected now (by default only connected people are placed)'),
    expected_version: expectedVersion,
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'per_room' && v.per_room === undefined)
      ctx.addIssue({ code: 'custom', path: ['per_room'], message: 'mode per_room needs per_room' });
    if (v.mode === 'per_room' && v.rooms !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['rooms'],
        message: 'rooms is for mode even; per_room sets the count',
      });
    if (v.mode === 'even' && v.per_room !== undefined)
      ctx.addIssue({ code: 'custom', path: ['per_room'], message: 'per_room is for mode per_room' });
  });
const warningSeconds = z
  .union(
    WARNING_SECONDS.map((s) => z.literal(s)),
    { error: `warning_seconds must be one of ${WARNING_SECONDS.join(', ')}` },
  )
  .describe('How many seconds before the end everyone sees "Rooms close in …" (default 60)');
const autoClose = z
  .boolean({ error: 'auto_close must be true or false' })
  .describe('Close every room when the time is up (default true); false: the timer only warns');
const durationSeconds = z
  .number({ error: 'duration_seconds must be a number of seconds' })
  .int('duration_seconds must be a whole number of seconds')
  .min(MIN_TIMER_SECONDS, `duration_seconds must be at least ${MIN_TIMER_SECONDS}`)
  .max(MAX_TIMER_SECONDS, `duration_seconds must be at most ${MAX_TIMER_SECONDS} (24 hours)`)
  .describe('The rooms run this many seconds from now');

/** A timer given when starting rooms. */
export const startTimerSchema = z.strictObject({
  duration_seconds: durationSeconds,
  warning_seconds: warningSeconds.optional(),
  auto_close: autoClose.optional(),
});

export const startDraftSchema = z
  .strictObject({ expected_version: expectedVersion, timer: startTimerSchema.optional() })
  .optional();

/**
 * Sets the breakout timer: `duration_seconds` (re)starts it from now; `adjust_seconds` moves a running one
 * (+300 for "+5 min", -60 for "−1 min"). Exactly one of them; `warning_seconds` and `auto_close` change
 * with either (a new timer takes 60 and true when absent; an adjusted one keeps its own).
 */
export const setTimerSchema = z
  .strictObject({
    duration_seconds: durationSeconds.optional(),
    adjust_seconds: z
      .number({ error: 'adjust_seconds must be a number of seconds' })
      .int('adjust_seconds must be a whole number of seconds')
      .min(-MAX_TIMER_SECONDS, `adjust_seconds must be at least -${MAX_TIMER_SECONDS}`)
      .max(MAX_TIMER_SECONDS, `adjust_seconds must be at most ${MAX_TIMER_SECONDS}`)
      .optional()
      .describe('Moves the running timer by this many seconds (negative: shorter)'),
    warning_seconds: warningSeconds.optional(),
    auto_close: autoClose.optional(),
    expected_version: expectedVersion,
  })
  .refine((v) => (v.duration_seconds === undefined) !== (v.adjust_seconds === undefined), {
    message: 'give either duration_seconds or adjust_seconds, not both',
    path: ['duration_seconds'],
  });

export const cancelTimerSchema = z.strictObject({ expected_version: expectedVersion }).optional();
