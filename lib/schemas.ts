import { z } from 'zod';
import { permissionsSchema } from '@/lib/presets/permissions';
import { pagingQuerySchema } from '@/lib/paging';

// Input schemas shared by the REST API, the dashboard's server actions and the OpenAPI document.

// PostgreSQL text cannot hold U+0000; refuse it as bad input instead of failing in the database with a 500.
const hasNoNul = (v: string) => !v.includes('\0');
const noNulMessage = (field: string) => `${field} must not contain the NUL character (U+0000)`;

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine(hasNoNul, noNulMessage(field));

export const uuidParam = (field: string) => z.uuid({ error: `${field} must be a UUID` });

export const presetNameSchema = text('name', 64).regex(
  /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u,
  'name may use letters, digits, spaces, "_", "." and "-", and must start with a letter or digit',
);

export const createPresetSchema = z.strictObject({
  name: presetNameSchema,
  permissions: permissionsSchema.prefault({}),
});

/** `permissions` is a partial document merged onto the current one, then validated whole. */
export const updatePresetSchema = z
  .strictObject({
    name: presetNameSchema.optional(),
    permissions: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((v) => v.name !== undefined || v.permissions !== undefined, 'give name or permissions to change');

export const meetingStatusSchema = z.enum(['ACTIVE', 'INACTIVE']);

export const createMeetingSchema = z.strictObject({
  title: text('title', 200).default('Untitled meeting'),
  status: meetingStatusSchema.default('ACTIVE'),
});

export const updateMeetingSchema = z
  .strictObject({ title: text('title', 200).optional(), status: meetingStatusSchema.optional() })
  .refine((v) => v.title !== undefined || v.status !== undefined, 'give title or status to change');

export const listMeetingsQuerySchema = pagingQuerySchema.extend({
  search: z
    .string()
    .trim()
    .max(200, 'search must be at most 200 characters')
    .refine(hasNoNul, noNulMessage('search'))
    .optional(),
  status: meetingStatusSchema.optional(),
});

const pictureSchema = z
  .url({ protocol: /^https?$/, error: 'picture must be an http(s) URL' })
  .max(2048, 'picture must be at most 2048 characters')
  .refine(hasNoNul, noNulMessage('picture'));

export const addParticipantSchema = z.strictObject({
  name: text('name', 100),
  preset_name: text('preset_name', 64),
  custom_participant_id: text('custom_participant_id', 255).optional(),
  picture: pictureSchema.optional(),
});

export const updateParticipantSchema = z
  .strictObject({
    name: text('name', 100).optional(),
    preset_name: text('preset_name', 64).optional(),
    picture: pictureSchema.nullable().optional(),
  })
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'give name, preset_name or picture to change',
  );

export const inviteSchema = z.strictObject({
  enabled: z.boolean(),
  preset_name: text('preset_name', 64).optional(),
});

export const guestNameSchema = text('name', 100);

export const emailSchema = z
  .string({ error: 'email must be a string' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'email is required', abort: true })
  .pipe(z.email({ error: 'email must be a valid email address' }).max(254));

export const apiKeyNameSchema = text('name', 100);
