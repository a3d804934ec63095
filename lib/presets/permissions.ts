import { z } from 'zod';
import { deepMerge } from './document';

/** ALLOWED or NOT_ALLOWED, as in RealtimeKit's `media.*.can_produce`. */
export const produceSchema = z.enum(['ALLOWED', 'NOT_ALLOWED'], {
  error: 'can_produce must be ALLOWED or NOT_ALLOWED (CAN_REQUEST is not supported)',
});

const strictObject = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);

const stageSchema = z.enum(['ALLOWED', 'NOT_ALLOWED', 'CAN_REQUEST']);
const flag = z.boolean().optional();

/**
 * The permissions document of a preset, with RealtimeKit's snake_case names. The fields we enforce take
 * the defaults of an ordinary participant when missing. RealtimeKit's other fields (waiting room,
 * plugins, livestream…) are optional, stored and returned as given, and not acted on; unknown fields and
 * wrong types are refused.
 */
export const permissionsSchema = strictObject({
  connected_meetings: strictObject({
    can_alter_connected_meetings: z.boolean().default(false),
    can_switch_connected_meetings: z.boolean().default(false),
    can_switch_to_parent_meeting: z.boolean().default(false),
  }).prefault({}),
  media: strictObject({
    audio: strictObject({ can_produce: produceSchema.default('ALLOWED') }).prefault({}),
    video: strictObject({ can_produce: produceSchema.default('ALLOWED') }).prefault({}),
    screenshare: strictObject({ can_produce: produceSchema.default('NOT_ALLOWED') }).prefault({}),
  }).prefault({}),
  chat: strictObject({
    public: strictObject({ can_send: z.boolean().default(true), text: flag, files: flag }).prefault({}),
    private: strictObject({ can_send: flag, can_receive: flag, text: flag, files: flag }).optional(),
  }).prefault({}),
  polls: strictObject({
    can_create: z.boolean().default(false),
    can_vote: z.boolean().default(true),
    can_view: z.boolean().default(true),
  }).prefault({}),
  can_record: z.boolean().default(false),
  kick_participant: z.boolean().default(false),
  /** Mute someone's microphone, or everyone's (RealtimeKit's name). */
  disable_participant_audio: z.boolean().default(false),
  /** Turn off someone's camera. */
  disable_participant_video: z.boolean().default(false),
  /** Put one person in the spotlight: everyone's page shows them large. */
  can_spotlight: z.boolean().default(false),
  show_participant_list: z.boolean().default(true),
  hidden_participant: z.boolean().default(false),
  // RealtimeKit's fields we store but do not act on.
  accept_waiting_requests: flag,
  can_accept_production_requests: flag,
  can_change_participant_permissions: flag,
  can_edit_display_name: flag,
  can_livestream: flag,
  disable_participant_screensharing: flag,
  pin_participant: flag,
  plugins: strictObject({
    can_close: flag,
    can_edit_config: flag,
    can_start: flag,
    config: z.record(z.string(), z.looseObject({})).optional(),
  }).optional(),
  recorder_type: z.enum(['RECORDER', 'LIVESTREAMER', 'NONE']).optional(),
  waiting_room_type: z.enum(['SKIP', 'ON_PRIVILEGED_USER_ENTRY', 'SKIP_ON_ACCEPT']).optional(),
  accept_stage_requests: flag,
  is_recorder: flag,
  stage_access: stageSchema.optional(),
  stage_enabled: flag,
  transcription_enabled: flag,
});

export type Permissions = z.output<typeof permissionsSchema>;
export type PermissionsInput = z.input<typeof permissionsSchema>;

/** Full access: what the default `host` preset grants. */
export const HOST_PERMISSIONS: Permissions = permissionsSchema.parse({
  connected_meetings: {
    can_alter_connected_meetings: true,
    can_switch_connected_meetings: true,
    can_switch_to_parent_meeting: true,
  },
  media: { screenshare: { can_produce: 'ALLOWED' } },
  polls: { can_create: true },
  can_record: true,
  kick_participant: true,
  disable_participant_audio: true,
  disable_participant_video: true,
  can_spotlight: true,
});

/**
 * What the default `participant` preset grants: talk, chat, vote. Not switching rooms or returning to the
 * main meeting on their own: a teacher expects students to stay where they are put, and opens choosing
 * with a preset that allows it. Presets already stored are the host's and keep what they say.
 */
export const PARTICIPANT_PERMISSIONS: Permissions = permissionsSchema.parse({});

export const DEFAULT_PRESETS: ReadonlyArray<{ name: string; permissions: Permissions }> = [
  { name: 'host', permissions: HOST_PERMISSIONS },
  { name: 'participant', permissions: PARTICIPANT_PERMISSIONS },
];

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type PermissionsPatch = DeepPartial<Permissions>;

/** Applies a partial document onto a full one; the result is validated again by the caller. */
export function mergePermissions(base: Permissions, patch: unknown): unknown {
  return deepMerge(base, patch);
}

/** Plain-language lines describing a permissions document, for the participant's page and the dashboard. */
export function describePermissions(p: Permissions): string[] {
  const lines: string[] = [];
  const cm = p.connected_meetings;
  if (cm.can_alter_connected_meetings) lines.push('Manage breakout rooms and move anyone');
  if (cm.can_switch_connected_meetings) lines.push('Switch between breakout rooms');
  if (cm.can_switch_to_parent_meeting) lines.push('Return to the main meeting');
  const media = (['audio', 'video', 'screenshare'] as const).filter(
    (m) => p.media[m].can_produce === 'ALLOWED',
  );
  const labels = { audio: 'microphone', video: 'camera', screenshare: 'screen sharing' } as const;
  lines.push(media.length ? `Use ${media.map((m) => labels[m]).join(', ')}` : 'Listen and watch only');
  if (p.chat.public.can_send) lines.push('Send chat messages');
  if (p.polls.can_create) lines.push('Create polls');
  if (p.polls.can_vote) lines.push('Vote in polls');
  if (p.can_record) lines.push('Record');
  if (p.kick_participant) lines.push('Remove participants and end the meeting for everyone');
  if (p.disable_participant_audio) lines.push("Mute others' microphones");
  if (p.disable_participant_video) lines.push("Turn off others' cameras");
  if (p.can_spotlight) lines.push('Put someone in the spotlight');
  if (p.hidden_participant) lines.push('Hidden from other participants');
  return lines;
}
