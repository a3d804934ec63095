import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SessionReportView } from '@/components/sessions/session-report';
import { requireHost } from '@/lib/auth/session';
import { idOrNotFound, orNotFound } from '@/lib/pages/or-not-found';
import { getSessionReport } from '@/lib/sessions/report';

export const metadata: Metadata = { title: 'Session report' };

interface Props {
  params: Promise<{ id: string; sessionId: string }>;
}

export default async function SessionReportPage({ params }: Props) {
  const host = await requireHost();
  const p = await params;
  const meetingId = idOrNotFound(p.id);
  const report = await orNotFound(getSessionReport(host.id, idOrNotFound(p.sessionId)));
  if (report.session.associated_id !== meetingId) notFound();

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <ol className="flex flex-wrap items-center gap-2">
          <li>
            <Link href="/dashboard" className="underline-offset-2 hover:text-slate-900 hover:underline">
              Meetings
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link
              href={`/dashboard/meetings/${meetingId}#sessions`}
              className="underline-offset-2 hover:text-slate-900 hover:underline"
            >
              {report.session.meeting_display_name}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="font-medium text-slate-900">
            Session report
          </li>
        </ol>
      </nav>
      <SessionReportView report={report} now={new Date().toISOString()} />
    </div>
  );
}
