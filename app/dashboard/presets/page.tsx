import type { Metadata } from 'next';
import { PresetForm } from '@/components/presets/preset-form';
import { PresetList } from '@/components/presets/preset-list';
import { Card } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { requireHost } from '@/lib/auth/session';
import { pageParam } from '@/lib/pages/format';
import { permissionsSchema } from '@/lib/presets/permissions';
import { listPresets } from '@/lib/presets/service';
import { createPresetAction } from './actions';

export const metadata: Metadata = { title: 'Presets' };

const PER_PAGE = 50;

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function PresetsPage({ searchParams }: Props) {
  const host = await requireHost();
  const page = pageParam((await searchParams).page);
  const { data, paging } = await listPresets(host.id, { page_no: page, per_page: PER_PAGE });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Presets</h1>
        <p className="mt-1 text-sm text-slate-600">
          A preset is a set of permissions. Every participant has one; it decides what they may do in a
          meeting.
        </p>
      </div>
      <Card title="Your presets" id="your-presets">
        <PresetList presets={data} />
        <Pager
          page={page}
          perPage={PER_PAGE}
          total={paging.total_count}
          href={(p) => `/dashboard/presets?page=${p}`}
          noun={{ one: 'preset', other: 'presets' }}
        />
      </Card>
      <Card title="New preset" id="new-preset" description="Name it, then choose what people with it may do.">
        <PresetForm
          action={createPresetAction}
          permissions={permissionsSchema.parse({})}
          submitText="Create preset"
        />
      </Card>
    </div>
  );
}
