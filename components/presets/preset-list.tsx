import Link from 'next/link';
import { EmptyState } from '@/components/ui/data-table';
import { describePermissions, type Permissions } from '@/lib/presets/permissions';

interface PresetListProps {
  presets: Array<{ id: string; name: string; permissions: Permissions }>;
}

/** Every preset with what it allows, in plain words. */
export function PresetList({ presets }: PresetListProps) {
  if (presets.length === 0) return <EmptyState>No presets yet. Create one below.</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100">
      {presets.map((p) => (
        <li key={p.id} className="flex items-start justify-between gap-4 py-4">
          <div className="min-w-0 flex-1">
            <h3 className="font-medium text-slate-900">{p.name}</h3>
            <p className="mt-1 text-sm text-slate-600">{describePermissions(p.permissions).join(' · ')}</p>
          </div>
          <Link
            href={`/dashboard/presets/${p.id}`}
            className="shrink-0 rounded-md px-2.5 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
          >
            Edit<span className="sr-only"> preset {p.name}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
