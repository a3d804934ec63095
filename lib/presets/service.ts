import 'server-only';
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Queryable } from '@/db';
import { meetings, participants, presets, type Preset } from '@/db/schema';
import { AppError, isUniqueViolation, notFound } from '@/lib/errors';
import { changingCredentials, credentialKey } from '@/lib/events/credentials';
import { offsetOf, paging, type PagingQuery } from '@/lib/paging';
import type { createPresetSchema, updatePresetSchema } from '@/lib/schemas';
import { deepMerge, fullPresetDocument, presetConfigSchema, presetUiSchema } from './document';
import { DEFAULT_PRESETS, permissionsSchema } from './permissions';

export interface PresetDto {
  id: string;
  name: string;
  permissions: Preset['permissions'];
  config: Record<string, unknown>;
  ui: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export const toPresetDto = (p: Preset): PresetDto => ({
  id: p.id,
  name: p.name,
  ...fullPresetDocument(p),
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});

/** Gives a new host the default `host` and `participant` presets (idempotent). */
export async function ensureDefaultPresets(hostId: string, q: Queryable): Promise<void> {
  await q
    .insert(presets)
    .values(DEFAULT_PRESETS.map((p) => ({ hostId, name: p.name, permissions: p.permissions })))
    .onConflictDoNothing();
}

/** The host's presets, by name. */
export async function listPresets(hostId: string, q: PagingQuery) {
  const d = await db();
  const where = eq(presets.hostId, hostId);
  const [rows, [total]] = await Promise.all([
    d.select().from(presets).where(where).orderBy(asc(presets.name)).limit(q.per_page).offset(offsetOf(q)),
    d.select({ n: count() }).from(presets).where(where),
  ]);
  return { data: rows.map(toPresetDto), paging: paging(q, rows.length, total?.n ?? 0) };
}

export async function getPresetRow(
  hostId: string,
  presetId: string,
  q?: Queryable,
  lock?: 'update',
): Promise<Preset> {
  const d = q ?? (await db());
  const query = d
    .select()
    .from(presets)
    .where(and(eq(presets.id, presetId), eq(presets.hostId, hostId)));
  const [row] = await (lock ? query.for(lock) : query);
  if (!row) throw notFound('preset');
  return row;
}

/** Finds a host's preset by name; a missing one is an input error on `field`. */
export async function getPresetByName(hostId: string, name: string, q: Queryable, field = 'preset_name') {
  // A key-share lock: a deletePreset running at the same time waits for the caller's transaction and then
  // sees the participant it writes (or, if the delete went first, this finds no preset).
  const [row] = await q
    .select()
    .from(presets)
    .where(and(eq(presets.hostId, hostId), eq(presets.name, name)))
    .for('key share');
  if (!row) throw new AppError('invalid:preset_name', `No preset named "${name}".`, field);
  return row;
}

export async function getPreset(hostId: string, presetId: string): Promise<PresetDto> {
  return toPresetDto(await getPresetRow(hostId, presetId));
}

export async function createPreset(hostId: string, input: z.output<typeof createPresetSchema>) {
  const [row] = await changingCredentials(async (tx, changed) => {
    changed(credentialKey.presets(hostId));
    return tx
      .insert(presets)
      .values({
        hostId,
        name: input.name,
        permissions: input.permissions,
        config: input.config,
        ui: input.ui,
      })
      .onConflictDoNothing()
      .returning();
  });
  if (!row) throw nameTaken(input.name);
  return toPresetDto(row);
}

export async function updatePreset(
  hostId: string,
  presetId: string,
  input: z.output<typeof updatePresetSchema>,
) {
  // Open streams of participants with this preset read their rights again on commit and narrow.
  const renamed = changingCredentials(async (tx, changed) => {
    const current = await getPresetRow(hostId, presetId, tx);
    changed(credentialKey.presets(hostId));
    const permissions = mergeDocument(
      permissionsSchema,
      'permissions',
      current.permissions,
      input.permissions,
    );
    const config = mergeDocument(presetConfigSchema, 'config', current.config ?? {}, input.config);
    const ui = mergeDocument(presetUiSchema, 'ui', current.ui ?? {}, input.ui);
    if (input.name && input.name !== current.name) {
      const [clash] = await tx
        .select({ id: presets.id })
        .from(presets)
        .where(and(eq(presets.hostId, hostId), eq(presets.name, input.name)));
      if (clash) throw nameTaken(input.name);
    }
    const [row] = await tx
      .update(presets)
      .set({ name: input.name ?? current.name, permissions, config, ui, updatedAt: new Date() })
      .where(and(eq(presets.id, presetId), eq(presets.hostId, hostId)))
      .returning();
    return toPresetDto(row!);
  });
  // Two renames to the same free name can both pass the check above; the unique index picks one.
  return renamed.catch((err: unknown) => {
    throw input.name && isUniqueViolation(err) ? nameTaken(input.name) : err;
  });
}

/** Deletes a preset nobody uses; refused with the reason while participants or an invite link use it. */
export async function deletePreset(hostId: string, presetId: string): Promise<PresetDto> {
  return changingCredentials(async (tx, changed) => {
    // Locked, so a participant being given this preset right now is either counted below or refused.
    const current = await getPresetRow(hostId, presetId, tx, 'update');
    changed(credentialKey.presets(hostId));
    const [{ n: used } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(participants)
      .where(eq(participants.presetId, presetId));
    if (used > 0) {
      throw new AppError(
        'conflict:preset_in_use',
        `Preset "${current.name}" is used by ${used} participant${used === 1 ? '' : 's'}. ` +
          'Give them another preset or remove them first.',
      );
    }
    const [invite] = await tx
      .select({ title: meetings.title })
      .from(meetings)
      .where(eq(meetings.invitePresetId, presetId))
      .limit(1);
    if (invite) {
      throw new AppError(
        'conflict:preset_in_use',
        `Preset "${current.name}" is used by the invite link of meeting "${invite.title}". Change or turn off that link first.`,
      );
    }
    await tx.delete(presets).where(and(eq(presets.id, presetId), eq(presets.hostId, hostId)));
    return toPresetDto(current);
  });
}

/** A partial document merged onto the stored one and validated whole; an error names the field at fault. */
function mergeDocument<S extends z.ZodType>(
  schema: S,
  name: string,
  current: z.output<S>,
  patch: Record<string, unknown> | undefined,
): z.output<S> {
  if (!patch) return current;
  const parsed = schema.safeParse(deepMerge(current, patch));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [name, ...issue.path].join('.');
  throw new AppError('invalid', `${field}: ${issue.message}`, field);
}

const nameTaken = (name: string) =>
  new AppError('conflict:preset_name', `A preset named "${name}" already exists.`, 'name');
