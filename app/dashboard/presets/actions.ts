'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import { permissionsFromForm } from '@/lib/presets/permission-fields';
import { permissionsSchema } from '@/lib/presets/permissions';
import { createPreset, deletePreset, updatePreset, type PresetDto } from '@/lib/presets/service';
import { createPresetSchema, presetNameSchema, uuidParam } from '@/lib/schemas';

const presetId = uuidParam('preset_id');
const fromForm = (values: Record<string, string>) => ({
  ...(values.preset_id !== undefined ? { preset_id: values.preset_id } : {}),
  name: values.name ?? '',
  permissions: permissionsFromForm(values),
});

export async function createPresetAction(
  _prev: FormState<PresetDto>,
  form: FormData,
): Promise<FormState<PresetDto>> {
  return runAction(form, {
    schema: createPresetSchema,
    input: fromForm,
    run: (host, input) => createPreset(host.id, input),
    revalidate: () => ['/dashboard/presets'],
    message: (p) => `Preset “${p.name}” created.`,
  });
}

/** Saves the name and the whole permissions document (every toggle is on the form). */
export async function updatePresetAction(
  _prev: FormState<PresetDto>,
  form: FormData,
): Promise<FormState<PresetDto>> {
  return runAction(form, {
    schema: z.strictObject({ preset_id: presetId, name: presetNameSchema, permissions: permissionsSchema }),
    input: fromForm,
    run: (host, { preset_id, ...input }) => updatePreset(host.id, preset_id, input),
    revalidate: (input) => ['/dashboard/presets', `/dashboard/presets/${input.preset_id}`],
    message: (p) => `Preset “${p.name}” saved.`,
  });
}

/** Deletes a preset; while participants or an invite link use it, the service refuses and says why. */
export async function deletePresetAction(
  _prev: FormState<PresetDto>,
  form: FormData,
): Promise<FormState<PresetDto>> {
  const state = await runAction(form, {
    schema: z.strictObject({ preset_id: presetId }),
    run: (host, { preset_id }) => deletePreset(host.id, preset_id),
    revalidate: () => ['/dashboard/presets'],
  });
  if (state.status === 'ok') redirect('/dashboard/presets');
  return state;
}
