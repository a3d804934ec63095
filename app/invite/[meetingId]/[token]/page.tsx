import type { Metadata } from 'next';
import { Brand } from '@/components/brand';
import { GuestNameForm } from '@/components/participant/guest-name-form';
import { LinkProblem } from '@/components/participant/link-problem';
import { ButtonLink } from '@/components/ui/button';
import { checkInvite } from '@/lib/meetings/invite';
import { currentSeat } from '@/lib/participants/seat';
import { joinByInviteAction } from './actions';

export const metadata: Metadata = {
  title: 'Join meeting',
  robots: { index: false },
  referrer: 'no-referrer',
};

interface Props {
  params: Promise<{ meetingId: string; token: string }>;
}

export default async function InvitePage({ params }: Props) {
  const { meetingId, token } = await params;
  const check = await checkInvite(meetingId, token);
  if (!check.ok) return <LinkProblem reason={check.reason} />;
  // Someone opening the invite link again should not become a second guest by accident.
  const seat = await currentSeat(check.meeting.id);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Brand />
      </div>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm text-slate-600">You are invited to</p>
        <h1 className="mt-1 mb-6 text-xl font-semibold break-words text-slate-900">{check.meeting.title}</h1>
        {seat && (
          <div className="mb-6 space-y-3 rounded-lg bg-slate-50 p-4 text-sm text-slate-700">
            <p>You already joined this meeting as {seat.participant.name}.</p>
            <ButtonLink href={`/m/${check.meeting.id}`} className="w-full">
              Continue as {seat.participant.name}
            </ButtonLink>
            <p>Or join as someone else:</p>
          </div>
        )}
        <GuestNameForm meetingId={check.meeting.id} token={token} action={joinByInviteAction} />
      </div>
    </main>
  );
}
