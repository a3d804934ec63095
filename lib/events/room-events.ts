// Events of one meeting or room (chat, polls) and of the hosts (help requests). They travel on the main
// meeting's event stream with the breakout events, but they are not breakout state: they leave the
// breakout version alone, and the stream sends each only to the subscribers it concerns.

export interface ChatMessageDto {
  id: string;
  meeting_id: string;
  message: string;
  participant_id: string | null;
  sender_name: string;
  /** `broadcast`: a host's announcement to several rooms at once. */
  kind: 'message' | 'broadcast';
  created_at: string;
}

export interface PollOptionDto {
  index: number;
  text: string;
  /** Null while the results are hidden from the reader (hide_votes and they have not voted). */
  votes: number | null;
  /** Who chose it: empty for an anonymous poll or while hidden. */
  voters: Array<{ participant_id: string; name: string }>;
}

export interface PollDto {
  id: string;
  meeting_id: string;
  question: string;
  anonymous: boolean;
  hide_votes: boolean;
  created_by: { participant_id: string | null; name: string };
  created_at: string;
  options: PollOptionDto[];
  total_votes: number;
  /** The reader's own vote (option index), or null. */
  my_vote: number | null;
  /** False while hide_votes keeps the counts from the reader. */
  results_visible: boolean;
}

export interface HelpRequestDto {
  id: string;
  meeting_id: string;
  meeting_title: string;
  participant_id: string;
  participant_name: string;
  message: string | null;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

/** A vote as everyone in the room may see it: counts only when results are public, the voter unless anonymous. */
export interface PollVotedPayload {
  poll_id: string;
  meeting_id: string;
  total_votes: number;
  /** Per option, in order; absent for a hide_votes poll (readers who voted fetch the poll). */
  counts?: number[];
  voter?: { participant_id: string; name: string; option_index: number };
}

/** A recording as the API and the event stream show it (lib/recording/dto.ts builds it). */
export interface RecordingDto {
  id: string;
  /** RealtimeKit's session of the recording; null: sessions are not recorded as such yet. */
  session_id: null;
  /** RealtimeKit's separate audio file; null: the recorder writes one file with audio and video. */
  audio_download_url: null;
  /** The meeting or breakout room recorded. */
  meeting_id: string;
  main_meeting_id: string;
  room_title: string;
  status: 'INVOKED' | 'RECORDING' | 'PAUSED' | 'UPLOADING' | 'UPLOADED' | 'ERRORED';
  invoked_time: string;
  started_time: string | null;
  stopped_time: string | null;
  /** Seconds of recorded media, once the file is finished. */
  recording_duration: number | null;
  file_size: number | null;
  output_file_name: string | null;
  /** A signed link to the file, valid until `download_url_expiry`; null unless UPLOADED. */
  download_url: string | null;
  download_url_expiry: string | null;
  start_reason: {
    reason: 'API_CALL' | 'RECORD_ON_START';
    caller: { name: string; type: 'ORGANIZATION' | 'USER'; user_id?: string };
  };
  stop_reason: {
    reason: 'API_CALL' | 'ALL_PEERS_LEFT' | 'ROOM_CLOSED' | 'MAX_DURATION' | 'INTERNAL_ERROR';
    message?: string;
    caller?: { name: string; type: 'ORGANIZATION' | 'USER'; user_id?: string };
  } | null;
  /** Why it failed, in words a person can read. */
  error: string | null;
}

export type RoomEvent =
  | { type: 'chat_message'; payload: { message: ChatMessageDto } }
  | { type: 'poll_created'; payload: { poll: PollDto } }
  | { type: 'poll_voted'; payload: PollVotedPayload }
  | { type: 'help_requested'; payload: { request: HelpRequestDto } }
  | { type: 'help_resolved'; payload: { request: HelpRequestDto } }
  | { type: 'recording_updated'; payload: { recording: RecordingDto } }
  | { type: 'recording_deleted'; payload: { recording_id: string; meeting_id: string } };

export type RoomEventType = RoomEvent['type'];

export const ROOM_EVENT_TYPES: RoomEventType[] = [
  'chat_message',
  'poll_created',
  'poll_voted',
  'help_requested',
  'help_resolved',
  'recording_updated',
  'recording_deleted',
];

/** Event types only readers with `polls.can_view` (or host powers) receive. */
export const POLL_EVENT_TYPES: ReadonlySet<string> = new Set(['poll_created', 'poll_voted']);

/** Who a stored room event is for: one meeting's people (and the hosts), or the hosts only. */
export interface RoomEventScope {
  roomId?: string;
  audience?: 'hosts';
}
