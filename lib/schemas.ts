import { z } from 'zod';
import { MAX_INVITE_GUEST_LIMIT } from '@/lib/limits/policy';
import { permissionsSchema } from '@/lib/presets/permissions';
import { presetConfigSchema, presetUiSchema } from '@/lib/presets/document';
import { pagingQuerySchema } from '@/lib/paging';
import { MAX_TAG_LENGTH, MAX_TAGS, uniqueTags } from '@/lib/breakout/tags';

// Input schemas shared by the REST API, the dashboard's server actions and the OpenAPI document.

// The one text rule for every free-text field (titles, names, messages, poll texts, help messages, draft
// keys, search). PostgreSQL text cannot hold U+0000, so it used to fail in the database with a 500; other
// control characters and lone surrogates are never typed by a person and break JSON consumers and
// renderers; bidirectional controls in a name or title can make it read as something else ("evil" shown
// reversed next to other people's names). Multi-line texts (chat and help messages) keep tab and line
// breaks, and keep bidirectional controls, which people writing mixed-direction prose do use.

// C0 controls and DEL and C1 controls; tab, LF and CR are decided by `multiline`.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

export interface TextRule {
  /** Tab and line breaks belong in the text (a message); bidirectional controls are allowed there too. */
  multiline?: boolean;
}

/** What is wrong with `value` under the text rule, as a message naming `field`, or undefined. */
export function textProblem(value: string, field: string, rule: TextRule = {}): string | undefined {
  if (value.includes('\0')) return `${field} must not contain the NUL character (U+0000)`;
  if (CONTROL.test(value)) return `${field} must not contain control characters`;
  if (!rule.multiline && LINE_BREAK_OR_TAB.test(value))
    return `${field} must be one line, without tabs or line breaks`;
  if (LONE_SURROGATE.test(value)) return `${field} must be valid Unicode text (it holds a lone surrogate)`;
  if (!rule.multiline && BIDI_CONTROL.test(value))
    return `${field} must not contain bidirectional control characters`;
  return undefined;
}

/**
 * What in a free-form JSON document (RealtimeKit's fields we store as given) the database cannot store, as
 * a message naming where, or undefined: PostgreSQL's jsonb refuses U+0000 and lone surrogates in any key
 * or string, which used to fail there with a 500.
 */
export function jsonTextProblem(value: unknown, field: string, depth = 0): string | undefined {
  const bad = (text: string) =>
    text.includes('\0')
      ? 'the NUL character (U+0000)'
      : LONE_SURROGATE.test(text)
        ? 'a lone surrogate'
        : undefined;
  if (typeof value === 'string') {
    const what = bad(value);
    return what && `${field} must be valid Unicode text (it holds ${what})`;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const what = bad(key);
    if (what) return `${field} has a key that is not valid Unicode text (it holds ${what})`;
    const inner = jsonTextProblem(
      item,
      Array.isArray(value) ? `${field}[${key}]` : `${field}.${key}`,
      depth + 1,
    );
    if (inner) return inner;
  }
  return undefined;
}

/** Refuses, naming where, what `jsonTextProblem` finds in a free-form JSON value. */
export const storableJson = <S extends z.ZodType>(schema: S, field: string) =>
  schema.superRefine((v, ctx) => {
    const problem = jsonTextProblem(v, field);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Adds the text rule to a string schema (after its trim and length checks). */
export const followsTextRule = (schema: z.ZodString, field: string, rule: TextRule = {}) =>
  schema.superRefine((v, ctx) => {
    const problem = textProblem(v, field, rule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A trimmed text of 1 to `max` characters under the text rule. */
export const textField = (field: string, max: number, rule: TextRule = {}) =>
  followsTextRule(
    z
      .string({ error: `${field} must be a string` })
      .trim()
      .min(1, `${field} must not be empty`)
      .max(max, `${field} must be at most ${max} characters`),
    field,
    rule,
  );

const text = textField;

export const uuidParam = (field: string) => z.uuid({ error: `${field} must be a UUID` });

export const presetNameSchema = text('name', 64).regex(
  /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u,
  'name may use letters, digits, spaces, "_", "." and "-", and must start with a letter or digit',
);

export const createPresetSchema = z.strictObject({
  name: presetNameSchema,
  permissions: storableJson(permissionsSchema, 'permissions').prefault({}),
  config: storableJson(presetConfigSchema, 'config').optional(),
  ui: storableJson(presetUiSchema, 'ui').optional(),
});

/** `permissions`, `config` and `ui` are partial documents merged onto the current ones, then validated whole. */
export const updatePresetSchema = z
  .strictObject({
    name: presetNameSchema.optional(),
    permissions: storableJson(z.record(z.string(), z.unknown()), 'permissions').optional(),
    config: storableJson(z.record(z.string(), z.unknown()), 'config').optional(),
    ui: storableJson(z.record(z.string(), z.unknown()), 'ui').optional(),
  })
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'give name, permissions, config or ui to change',
  );

export const meetingStatusSchema = z.enum(['ACTIVE', 'INACTIVE']);

// RealtimeKit's SDK types several of these as nullable: null means the same as leaving the field out.
const onOff = (field: string) => z.boolean({ error: `${field} must be true or false` }).nullish();
const jsonObject = (field: string) =>
  storableJson(
    z.record(z.string(), z.unknown(), { error: `${field} must be a JSON object` }),
    field,
  ).optional();

/** RealtimeKit's meeting fields we store and return as given but do not act on (no chat export, AI, etc.). */
export const meetingSettingsShape = {
  live_stream_on_start: onOff('live_stream_on_start'),
  persist_chat: onOff('persist_chat'),
  summarize_on_end: onOff('summarize_on_end'),
  transcribe_on_end: onOff('transcribe_on_end'),
  session_keep_alive_time_in_secs: z
    .int({ error: 'session_keep_alive_time_in_secs must be a whole number' })
    .min(0, 'session_keep_alive_time_in_secs must be at least 0')
    .max(86_400, 'session_keep_alive_time_in_secs must be at most 86400')
    .optional(),
  ai_config: jsonObject('ai_config'),
  recording_config: jsonObject('recording_config'),
};
export const MEETING_SETTINGS = Object.keys(meetingSettingsShape) as Array<keyof typeof meetingSettingsShape>;

export const createMeetingSchema = z.strictObject({
  title: text('title', 200)
    .nullish()
    .transform((v) => v ?? 'Untitled meeting'),
  status: meetingStatusSchema.default('ACTIVE'),
  record_on_start: onOff('record_on_start'),
  ...meetingSettingsShape,
});

export const updateMeetingSchema = z
  .strictObject({
    title: text('title', 200).optional(),
    status: meetingStatusSchema.optional(),
    record_on_start: z.boolean({ error: 'record_on_start must be true or false' }).optional(),
    ...meetingSettingsShape,
  })
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'give title, status, record_on_start or another field to change',
  );

export const listMeetingsQuerySchema = pagingQuerySchema.extend({
  search: followsTextRule(
    z.string().trim().max(200, 'search must be at most 200 characters'),
    'search',
  ).optional(),
  status: meetingStatusSchema.optional(),
});

const pictureSchema = z
  .url({ protocol: /^https?$/, error: 'picture must be an http(s) URL' })
  .max(2048, 'picture must be at most 2048 characters')
  .refine((v) => textProblem(v, 'picture') === undefined, 'picture must be a plain URL');

/** A participant's tags: at most 20, each trimmed and 1 to 40 characters, kept once whatever the case. */
export const tagsSchema = z
  .array(text('tag', MAX_TAG_LENGTH), { error: 'tags must be a list of texts' })
  .max(MAX_TAGS, `tags can hold at most ${MAX_TAGS} tags`)
  .transform(uniqueTags);

/** Tags typed as one text separated by commas (the dashboard's form); empty clears them. */
export const tagsTextSchema = z.string({ error: 'tags must be a text' }).transform((text, ctx) => {
  const parsed = tagsSchema.safeParse(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]!.message });
  return z.NEVER;
});

export const addParticipantSchema = z.strictObject({
  /** Optional as in RealtimeKit; a participant added without one is called "Participant". */
  name: text('name', 100).nullish(),
  preset_name: text('preset_name', 64),
  custom_participant_id: text('custom_participant_id', 255).optional(),
  picture: pictureSchema.nullish(),
  tags: tagsSchema.optional(),
});

/** null for name or preset_name (RealtimeKit's SDK may send it) changes nothing; null for picture clears it. */
export const updateParticipantSchema = z
  .strictObject({
    name: text('name', 100).nullish(),
    preset_name: text('preset_name', 64).nullish(),
    picture: pictureSchema.nullable().optional(),
    tags: tagsSchema.optional(),
  })
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'give name, preset_name, picture or tags to change',
  );

export const inviteSchema = z.strictObject({
  enabled: z.boolean(),
  preset_name: text('preset_name', 64).optional(),
  /** Most guests the link seats; null goes back to the default. */
  guest_limit: z
    .int({ error: 'guest_limit must be a whole number' })
    .min(1, 'guest_limit must be at least 1')
    .max(MAX_INVITE_GUEST_LIMIT, `guest_limit must be at most ${MAX_INVITE_GUEST_LIMIT}`)
    .nullable()
    .optional(),
});

export const guestNameSchema = text('name', 100);

export const emailSchema = z
  .string({ error: 'email must be a string' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'email is required', abort: true })
  .pipe(z.email({ error: 'email must be a valid email address' }).max(254));

export const apiKeyNameSchema = text('name', 100);
