import type { Metadata } from 'next';
import { LinkProblem } from '@/components/participant/link-problem';
import { MeetingLobby } from '@/components/participant/meeting-lobby';
import { currentSeat } from '@/lib/participants/seat';

export const metadata: Metadata = { title: 'Meeting', robots: { index: false } };

export default async function ParticipantMeetingPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const seat = await currentSeat((await params).meetingId);
  if (!seat) return <LinkProblem reason="no-seat" />;
  if (seat.meeting.status !== 'ACTIVE') return <LinkProblem reason="inactive" />;
  return (
    <MeetingLobby
      meetingTitle={seat.meeting.title}
      name={seat.participant.name}
      presetName={seat.preset.name}
      permissions={seat.preset.permissions}
    />
  );
}
