import type { SessionReportDto } from '@/lib/sessions/report';
import { clockText } from './format';

// Who was in which room when, as bars: one band per room, one lane per person who was there. The bars are
// a picture (hidden from screen readers); the same facts follow as a table (SC 1.1.1).

const COLOURS = [
  'bg-indigo-500',
  'bg-emerald-500',
  'bg-amber-500',
  'bg-sky-500',
  'bg-rose-500',
  'bg-violet-500',
];

interface Props {
  report: SessionReportDto;
  /** When the timeline ends: the session's end, or now while it is live. */
  endIso: string;
}

export function SessionTimeline({ report, endIso }: Props) {
  const from = Date.parse(report.session.started_at);
  const span = Math.max(1, Date.parse(endIso) - from);
  const pct = (iso: string | null) => ((Date.parse(iso ?? endIso) - from) / span) * 100;
  const colourOf = new Map(report.participants.map((p, i) => [p.user_id, COLOURS[i % COLOURS.length]!]));
  const rooms = report.rooms
    .map((room) => ({
      room,
      lanes: report.participants
        .map((p) => ({ p, stays: p.intervals.filter((i) => i.meeting_id === room.meeting_id) }))
        .filter((l) => l.stays.length > 0),
    }))
    .filter((r) => r.lanes.length > 0);

  return (
    <div className="space-y-4">
      <figure aria-hidden="true" data-testid="session-timeline" className="space-y-3">
        <div className="flex justify-between pl-32 text-xs text-slate-500">
          <span>{clockText(report.session.started_at)}</span>
          <span>{clockText(new Date(from + span / 2).toISOString())}</span>
          <span>{clockText(endIso)}</span>
        </div>
        {rooms.map(({ room, lanes }) => (
          <div key={room.meeting_id} className="rounded-lg border border-slate-200 p-2">
            <p className="mb-1 text-sm font-medium text-slate-800">{room.title}</p>
            {lanes.map(({ p, stays }) => (
              <div key={p.user_id} className="flex items-center gap-2 py-0.5">
                <span className="w-30 shrink-0 truncate text-xs text-slate-700">{p.display_name}</span>
                <div className="relative h-4 flex-1 rounded bg-slate-100">
                  {stays.map((s) => (
                    <div
                      key={s.joined_at}
                      data-testid="timeline-bar"
                      title={`${p.display_name} in ${room.title}, ${clockText(s.joined_at)}–${clockText(s.left_at)}`}
                      className={`absolute inset-y-0 rounded ${colourOf.get(p.user_id)}`}
                      style={{
                        left: `${pct(s.joined_at)}%`,
                        width: `${Math.max(0.5, pct(s.left_at) - pct(s.joined_at))}%`,
                      }}
                    />
                  ))}
                </div>
              </div>
            ))}
          </div>
        ))}
      </figure>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-slate-800">The timeline as a table</summary>
        <table className="mt-2 w-full text-left">
          <caption className="sr-only">Who was in which room, from when to when</caption>
          <thead className="text-xs text-slate-600 uppercase">
            <tr>
              <th scope="col" className="py-1 pr-4">
                Room
              </th>
              <th scope="col" className="py-1 pr-4">
                Person
              </th>
              <th scope="col" className="py-1 pr-4">
                From
              </th>
              <th scope="col" className="py-1">
                To
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rooms.flatMap(({ room, lanes }) =>
              lanes.flatMap(({ p, stays }) =>
                stays.map((s) => (
                  <tr key={`${room.meeting_id}-${p.user_id}-${s.joined_at}`}>
                    <td className="py-1 pr-4">{room.title}</td>
                    <td className="py-1 pr-4">{p.display_name}</td>
                    <td className="py-1 pr-4">{clockText(s.joined_at)}</td>
                    <td className="py-1">{clockText(s.left_at)}</td>
                  </tr>
                )),
              ),
            )}
          </tbody>
        </table>
      </details>
    </div>
  );
}
