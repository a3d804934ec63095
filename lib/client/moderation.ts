import { apiCall } from './api';

// The page's moderation calls, at the active-session paths of the meeting or room the caller is in. The
// server checks every right again and tells every page through the event stream.

const path = (meetingId: string, action: string) => `/meetings/${meetingId}/active-session/${action}`;

export const moderation = {
  mute: (meetingId: string, participantId: string) =>
    apiCall('POST', path(meetingId, 'mute'), { participant_ids: [participantId] }),
  muteVideo: (meetingId: string, participantId: string) =>
    apiCall('POST', path(meetingId, 'mute-video'), { participant_ids: [participantId] }),
  muteAll: (meetingId: string, allowUnmute: boolean) =>
    apiCall('POST', path(meetingId, 'mute-all'), { allow_unmute: allowUnmute }),
  kick: (meetingId: string, participantId: string, removeFromMeeting: boolean) =>
    apiCall('POST', path(meetingId, 'kick'), {
      participant_ids: [participantId],
      remove_from_meeting: removeFromMeeting,
    }),
  endForAll: (meetingId: string) => apiCall('POST', path(meetingId, 'kick-all'), {}),
  spotlight: (meetingId: string, participantId: string | null) =>
    apiCall('POST', path(meetingId, 'spotlight'), { participant_id: participantId }),
};
