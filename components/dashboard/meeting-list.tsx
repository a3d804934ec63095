import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { DataTable, EmptyState } from '@/components/ui/data-table';
import { formatDateTime } from '@/lib/pages/format';
import type { MeetingDto } from '@/lib/meetings/service';

/** The host's meetings as a table; each title opens the meeting. */
export function MeetingList({ meetings, emptyText }: { meetings: MeetingDto[]; emptyText: string }) {
  if (meetings.length === 0) return <EmptyState>{emptyText}</EmptyState>;
  return (
    <DataTable caption="Meetings" columns={[{ label: 'Title' }, { label: 'Status' }, { label: 'Created' }]}>
      {meetings.map((m) => (
        <tr key={m.id}>
          <td className="py-3 pr-4">
            <Link
              href={`/dashboard/meetings/${m.id}`}
              className="font-medium text-indigo-700 underline-offset-2 hover:underline"
            >
              {m.title}
            </Link>
          </td>
          <td className="py-3 pr-4">
            <Badge tone={m.status === 'ACTIVE' ? 'green' : 'gray'}>
              {m.status === 'ACTIVE' ? 'Active' : 'Inactive'}
            </Badge>
          </td>
          <td className="py-3 whitespace-nowrap text-slate-600">{formatDateTime(m.created_at)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
