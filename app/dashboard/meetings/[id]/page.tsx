import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { DashboardBreakout } from '@/components/breakout/dashboard-breakout';
import { HostJoinButton } from '@/components/meeting/host-join-button';
import { InvitePanel } from '@/components/meetings/invite-panel';
import { MeetingSettings } from '@/components/meetings/meeting-settings';
import { ParticipantsSection } from '@/components/meetings/participants-section';
import { RecordingsSection } from '@/components/meetings/recordings-section';
import { SessionsSection } from '@/components/sessions/sessions-section';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { requireHost } from '@/lib/auth/session';
import { getInvite } from '@/lib/meetings/invite';
import { getMeeting } from '@/lib/meetings/service';
import { pageParam } from '@/lib/pages/format';
import { idOrNotFound, orNotFound } from '@/lib/pages/or-not-found';
import { listParticipantLinks, listParticipants } from '@/lib/participants/service';
import { listPresets } from '@/lib/presets/service';
import { listSessions } from '@/lib/sessions/report';
import { renameMeetingAction, setMeetingStatusAction, setRecordOnStartAction } from '../actions';
import { inviteAction } from './invite-actions';
import { joinMeetingAction } from './join-actions';
import {
  addParticipantAction,
  newLinkAction,
  removeParticipantAction,
  updateParticipantAction,
} from './participant-actions';

export const metadata: Metadata = { title: 'Meeting' };

const PER_PAGE = 50;
const participantActions = {
  add: addParticipantAction,
  update: updateParticipantAction,
  newLink: newLinkAction,
  remove: removeParticipantAction,
};

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function MeetingPage({ params, searchParams }: Props) {
  const host = await requireHost();
  const id = idOrNotFound((await params).id);
  const page = pageParam((await searchParams).page);
  const meeting = await orNotFound(getMeeting(host.id, id));
  // Participants belong to main meetings; a breakout room's page is its main meeting's.
  if (meeting.parent_meeting_id) redirect(`/dashboard/meetings/${meeting.parent_meeting_id}`);

  const [participants, links, presets, invite, sessions] = await Promise.all([
    listParticipants(host.id, id, { page_no: page, per_page: PER_PAGE }),
    listParticipantLinks(host.id, id),
    listPresets(host.id, { page_no: 1, per_page: 100 }),
    getInvite(host.id, id),
    listSessions(host.id, { meeting_id: id, page_no: 1, per_page: 10 }),
  ]);
  const presetNames = presets.data.map((p) => p.name);
  const defaultPreset = presetNames.includes('participant') ? 'participant' : (presetNames[0] ?? '');
  const active = meeting.status === 'ACTIVE';
  const linkOf = new Map(links.map((l) => [l.id, l.join_url]));
  const rows = participants.data.map((p) => ({ ...p, join_url: linkOf.get(p.id) ?? null }));

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
              href={`/dashboard/meetings/${id}`}
              aria-current="page"
              className="font-medium text-slate-900"
            >
              {meeting.title}
            </Link>
          </li>
        </ol>
      </nav>

      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold break-words text-slate-900">{meeting.title}</h1>
          <Badge tone={active ? 'green' : 'gray'}>{active ? 'Active' : 'Inactive'}</Badge>
        </div>
        {active && <HostJoinButton meetingId={id} action={joinMeetingAction} />}
      </div>
      <p className="-mt-4 text-xs text-slate-500">
        Meeting ID <span className="font-mono">{meeting.id}</span>
      </p>

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <Card
          title="Participants"
          id="participants"
          description="Everyone you add gets a personal join link. Send each person their own link."
          className="lg:col-span-2"
        >
          {presetNames.length === 0 ? (
            <p className="text-sm text-slate-700">
              You have no presets.{' '}
              <Link href="/dashboard/presets" className="font-medium text-indigo-700 underline">
                Create a preset
              </Link>{' '}
              first: it decides what a participant may do.
            </p>
          ) : (
            <ParticipantsSection
              meetingId={id}
              participants={rows}
              links={links}
              presetNames={presetNames}
              defaultPreset={defaultPreset}
              actions={participantActions}
            />
          )}
          <Pager
            page={page}
            perPage={PER_PAGE}
            total={participants.paging.total_count}
            href={(p) => `/dashboard/meetings/${id}?page=${p}`}
            noun={{ one: 'participant', other: 'participants' }}
          />
        </Card>

        <div className="min-w-0 space-y-6">
          <Card title="Settings" id="settings">
            <MeetingSettings
              meeting={meeting}
              renameAction={renameMeetingAction}
              statusAction={setMeetingStatusAction}
              recordOnStartAction={setRecordOnStartAction}
            />
          </Card>
          <Card title="Invite link" id="invite">
            <InvitePanel
              meetingId={id}
              invite={invite}
              presetNames={presetNames}
              defaultPreset={defaultPreset}
              action={inviteAction}
            />
          </Card>
        </div>
      </div>

      <Card
        title="Breakout rooms"
        id="breakout"
        description={
          active
            ? 'Live: who is in which room and whether they are connected. Changes apply at once, for every host.'
            : 'This meeting is inactive: prepare its rooms now (draft, CSV plan, saved plans); people can join once it is active.'
        }
      >
        <DashboardBreakout meetingId={id} joinAction={joinMeetingAction} inactive={!active} />
      </Card>

      <RecordingsSection meetingId={id} live={active} />

      <SessionsSection meetingId={id} sessions={sessions.data.sessions} />
    </div>
  );
}
