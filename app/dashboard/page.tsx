import type { Metadata } from 'next';
import Link from 'next/link';
import { MeetingList } from '@/components/dashboard/meeting-list';
import { NewMeetingForm } from '@/components/dashboard/new-meeting-form';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { requireHost } from '@/lib/auth/session';
import { listMeetings } from '@/lib/meetings/service';
import { firstParam, pageParam } from '@/lib/pages/format';
import { createMeetingAction } from './meetings/actions';

export const metadata: Metadata = { title: 'Meetings' };

const PER_PAGE = 20;

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function MeetingsPage({ searchParams }: Props) {
  const host = await requireHost();
  const params = await searchParams;
  // Clamped, not refused: a search box should never lead to an error page.
  const q = firstParam(params.q)?.replace(/\0/g, '').trim().slice(0, 200) || undefined;
  const page = pageParam(params.page);
  const { data, paging } = await listMeetings(host.id, { search: q, page_no: page, per_page: PER_PAGE });
  const href = (p: number) => `/dashboard?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Meetings</h1>

      <Card title="New meeting" id="new-meeting" description="Give it a title; you add participants next.">
        <NewMeetingForm action={createMeetingAction} />
      </Card>

      <Card title="Your meetings" id="your-meetings">
        <form role="search" action="/dashboard" className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="flex-1 space-y-1.5">
            <label htmlFor="meeting-search" className="block text-sm font-medium text-slate-800">
              Search meetings
            </label>
            <input
              id="meeting-search"
              type="search"
              name="q"
              defaultValue={q}
              placeholder="Title or meeting ID"
              className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
            />
          </div>
          <button type="submit" className={buttonClass('secondary')}>
            Search
          </button>
          {q && (
            <Link href="/dashboard" className={buttonClass('ghost')}>
              Clear search
            </Link>
          )}
        </form>
        <MeetingList
          meetings={data}
          emptyText={q ? `No meetings match “${q}”.` : 'No meetings yet. Create your first one above.'}
        />
        <Pager
          page={page}
          perPage={PER_PAGE}
          total={paging.total_count}
          href={href}
          noun={{ one: 'meeting', other: 'meetings' }}
        />
      </Card>
    </div>
  );
}
