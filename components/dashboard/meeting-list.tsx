import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/lib/pages/format';
import type { MeetingDto } from '@/lib/meetings/service';

/** The host's meetings as a table; each title opens the meeting. */
export function MeetingList({ meetings, emptyText }: { meetings: MeetingDto[]; emptyText: string }) {
  if (meetings.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
        {emptyText}
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Title
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Status
            </th>
            <th scope="col" className="py-2 font-medium">
              Created
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
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
        </tbody>
      </table>
    </div>
  );
}
