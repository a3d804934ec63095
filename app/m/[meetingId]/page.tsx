import type { Metadata } from 'next';
import { MeetingRoom } from '@/components/meeting/meeting-room';
import { LinkProblem } from '@/components/participant/link-problem';
import { breakoutAbilities } from '@/lib/breakout/rules';
import { mediaRightsOf } from '@/lib/client/media/rights';
import { mediaConfig } from '@/lib/livekit/config';
import { env } from '@/lib/env';
import { currentRoomTitle, currentSeat } from '@/lib/participants/seat';
import { describePermissions } from '@/lib/presets/permissions';
import { moderationRightsOf } from '@/lib/moderation/rights';
import { spotlightIn } from '@/lib/moderation/session';
import { roomRightsOf } from '@/lib/rooms/rights';

export const metadata: Metadata = { title: 'Meeting', robots: { index: false } };

export default async function ParticipantMeetingPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const seat = await currentSeat((await params).meetingId);
  if (!seat) return <LinkProblem reason="no-seat" />;
  if (seat.meeting.status !== 'ACTIVE') return <LinkProblem reason="inactive" />;
  const media = mediaConfig();
  const roomTitle = await currentRoomTitle(seat);
  const permissions = seat.preset.permissions;
  return (
    <MeetingRoom
      meetingId={seat.meeting.id}
      meetingTitle={seat.meeting.title}
      roomTitle={roomTitle}
      name={seat.participant.name}
      presetName={seat.preset.name}
      picture={seat.participant.picture}
      abilities={describePermissions(permissions)}
      rights={mediaRightsOf(permissions.media)}
      showParticipantList={permissions.show_participant_list}
      isHost={seat.participant.isHostSeat}
      // Only whether media works and why not: the media server's credentials never reach the browser.
      media={media.available ? { available: true } : { available: false, reason: media.reason }}
      participantId={seat.participant.id}
      currentMeetingId={seat.participant.currentMeetingId}
      breakout={breakoutAbilities(permissions)}
      roomRights={roomRightsOf(permissions)}
      moderation={moderationRightsOf(permissions)}
      spotlightParticipantId={await spotlightIn(seat.participant.currentMeetingId)}
      canRecord={permissions.can_record || seat.participant.isHostSeat}
      warmSwitch={media.available && env().MEDIA_WARM_SWITCH}
    />
  );
}
