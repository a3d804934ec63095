import type { Metadata } from 'next';
import Link from 'next/link';
import { DeletePresetForm } from '@/components/presets/delete-preset-form';
import { PresetForm } from '@/components/presets/preset-form';
import { Card } from '@/components/ui/card';
import { requireHost } from '@/lib/auth/session';
import { idOrNotFound, orNotFound } from '@/lib/pages/or-not-found';
import { describePermissions } from '@/lib/presets/permissions';
import { getPreset } from '@/lib/presets/service';
import { deletePresetAction, updatePresetAction } from '../actions';

export const metadata: Metadata = { title: 'Edit preset' };

export default async function PresetPage({ params }: { params: Promise<{ id: string }> }) {
  const host = await requireHost();
  const preset = await orNotFound(getPreset(host.id, idOrNotFound((await params).id)));
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <ol className="flex flex-wrap items-center gap-2">
          <li>
            <Link
              href="/dashboard/presets"
              className="underline-offset-2 hover:text-slate-900 hover:underline"
            >
              Presets
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="font-medium text-slate-900">
            {preset.name}
          </li>
        </ol>
      </nav>
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Preset “{preset.name}”</h1>
        <p className="mt-1 text-sm text-slate-600">{describePermissions(preset.permissions).join(' · ')}</p>
      </div>
      <Card title="Permissions" id="permissions" description="Changes apply to everyone with this preset.">
        <PresetForm
          action={updatePresetAction}
          preset={{ id: preset.id, name: preset.name }}
          permissions={preset.permissions}
          submitText="Save preset"
        />
      </Card>
      <Card title="Delete preset" id="delete-preset">
        <DeletePresetForm presetId={preset.id} action={deletePresetAction} />
      </Card>
    </div>
  );
}
