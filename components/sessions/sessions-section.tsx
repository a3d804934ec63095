import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { DataTable, EmptyState } from '@/components/ui/data-table';
import { formatDateTime } from '@/lib/pages/format';
import type { SessionDto } from '@/lib/sessions/report';
import { minutesText } from './format';

const link = 'font-medium text-indigo-700 underline-offset-2 hover:underline';

/** The meeting's recent sessions, each linking to its report, and the audit log's downloads. */
export function SessionsSection({ meetingId, sessions }: { meetingId: string; sessions: SessionDto[] }) {
  const audit = `/api/v1/meetings/${meetingId}/audit-log`;
  return (
    <Card
      title="Sessions"
      id="sessions"
      description="A session runs from the first person joining (any room) to the last one leaving. Open one for who was where, when."
      actions={
        <p className="text-sm text-slate-700">
          Audit log:{' '}
          <a href={`${audit}/export`} download className={link}>
            CSV
          </a>{' '}
          ·{' '}
          <a href={audit} className={link}>
            JSON
          </a>
        </p>
      }
    >
      {sessions.length === 0 ? (
        <EmptyState>No sessions yet: one starts when the first person joins.</EmptyState>
      ) : (
        <DataTable
          caption="Sessions of this meeting, newest first"
          columns={[
            { label: 'Started' },
            { label: 'Status' },
            { label: 'Most at once', align: 'right' },
            { label: 'Person-minutes', align: 'right' },
            { label: 'Report', hidden: true },
          ]}
        >
          {sessions.map((s) => (
            <tr key={s.id}>
              <td className="py-2 pr-4">{formatDateTime(s.started_at)}</td>
              <td className="py-2 pr-4">
                <Badge tone={s.status === 'LIVE' ? 'green' : 'gray'}>
                  {s.status === 'LIVE' ? 'Live' : 'Ended'}
                </Badge>
              </td>
              <td className="py-2 pr-4 text-right">{s.max_concurrent_participants}</td>
              <td className="py-2 pr-4 text-right">{minutesText(s.minutes_consumed)}</td>
              <td className="py-2 text-right">
                <Link href={`/dashboard/meetings/${meetingId}/sessions/${s.id}`} className={link}>
                  Report
                  <span className="sr-only"> of the session started {formatDateTime(s.started_at)}</span>
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
