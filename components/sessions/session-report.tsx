import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable, EmptyState } from '@/components/ui/data-table';
import { formatDateTime } from '@/lib/pages/format';
import type { SessionReportDto } from '@/lib/sessions/report';
import { clockText, minutesText } from './format';
import { SessionTimeline } from './session-timeline';

/** One session's report: the timeline per room, the totals per person, the rooms' chat and polls, recordings. */
export function SessionReportView({ report, now }: { report: SessionReportDto; now: string }) {
  const s = report.session;
  const live = s.status === 'LIVE';
  const titles = new Map(report.rooms.map((r) => [r.meeting_id, r.title]));
  const audit = `/api/v1/meetings/${s.associated_id}/audit-log`;
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold text-slate-900">
              Session of {formatDateTime(s.started_at)}
            </h1>
            <Badge tone={live ? 'green' : 'gray'}>{live ? 'Live' : 'Ended'}</Badge>
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {clockText(s.started_at)}–{live ? 'now' : clockText(s.ended_at)} (UTC) · at most{' '}
            {s.max_concurrent_participants} at once · {report.participants.length} people ·{' '}
            {minutesText(s.minutes_consumed)} in all
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={`/api/v1/sessions/${s.id}/report/export`} download className={buttonClass('secondary')}>
            Download CSV
          </a>
          <a href={`${audit}/export?session_id=${s.id}`} download className={buttonClass('secondary')}>
            Audit log (CSV)
          </a>
          <a href={`${audit}?session_id=${s.id}`} className={buttonClass('secondary')}>
            Audit log (JSON)
          </a>
        </div>
      </div>

      <Card title="Timeline" id="timeline" description="Who was in which room, when. Each bar is one stay.">
        {report.participants.length === 0 ? (
          <EmptyState>Nobody stayed long enough to show.</EmptyState>
        ) : (
          <SessionTimeline report={report} endIso={s.ended_at ?? now} />
        )}
      </Card>

      <Card
        title="People"
        id="people"
        description="Time in each room and in all; talk time is not measured (the media server does not report it)."
      >
        <DataTable
          caption="Each person's time per room and in all"
          columns={[
            { label: 'Person' },
            { label: 'Preset' },
            { label: 'Rooms' },
            { label: 'First joined' },
            { label: 'Last left' },
            { label: 'Total', align: 'right' },
          ]}
        >
          {report.participants.map((p) => (
            <tr key={p.user_id}>
              <td className="py-2 pr-4 font-medium text-slate-900">{p.display_name}</td>
              <td className="py-2 pr-4">{p.preset_name}</td>
              <td className="py-2 pr-4">
                {[...new Set(p.intervals.map((i) => i.meeting_id))]
                  .map((id) => titles.get(id) ?? 'Deleted room')
                  .join(', ')}
              </td>
              <td className="py-2 pr-4">{clockText(p.joined_at)}</td>
              <td className="py-2 pr-4">{clockText(p.left_at)}</td>
              <td className="py-2 text-right">{minutesText(p.duration)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card title="Rooms" id="rooms">
          <DataTable
            caption="Chat messages and polls per room during the session"
            columns={[
              { label: 'Room' },
              { label: 'Chat messages', align: 'right' },
              { label: 'Polls', align: 'right' },
            ]}
          >
            {report.rooms.map((r) => (
              <tr key={r.meeting_id}>
                <td className="py-2 pr-4">{r.title}</td>
                <td className="py-2 pr-4 text-right">{r.chat_messages}</td>
                <td className="py-2 text-right">{r.polls}</td>
              </tr>
            ))}
          </DataTable>
        </Card>
        <Card title="Recordings" id="session-recordings">
          {report.recordings.length === 0 ? (
            <EmptyState>No recordings in this session.</EmptyState>
          ) : (
            <ul className="space-y-1 text-sm">
              {report.recordings.map((r) => (
                <li key={r.id}>
                  {r.room_title}: {formatDateTime(r.started_time ?? r.invoked_time)} ({r.status.toLowerCase()}
                  )
                  {r.download_url && (
                    <>
                      {' '}
                      <a href={r.download_url} className="font-medium text-indigo-700 underline">
                        Download
                      </a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
