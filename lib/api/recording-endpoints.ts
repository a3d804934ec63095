import 'server-only';
import { z } from 'zod';
import { RECORDING_STATUSES } from '@/db/schema';
import {
  activeRecording,
  controlRecording,
  deleteRecording,
  getRecording,
  listRecordings,
  startAllRecordings,
  startRecording,
  stopAllRecordings,
} from '@/lib/recording/service';
import { controlRecordingSchema, listRecordingsQuery, startRecordingSchema } from '@/lib/recording/schemas';
import { uuidParam } from '@/lib/schemas';
import { endpoint, type Endpoint } from './router';

// Recordings, in RealtimeKit's shapes: the owner (API key or dashboard) everywhere; a participant whose
// preset has can_record only in the meeting or room they are in now. Reading a room's active recording is
// open to everyone in it (the page's "Recording" indicator).

const callerRef = z.object({
  name: z.string(),
  type: z.enum(['ORGANIZATION', 'USER']),
  user_id: z.string().optional(),
});

export const recordingDto = z.object({
  id: z.uuid(),
  meeting_id: z.uuid().describe('The meeting or breakout room recorded.'),
  main_meeting_id: z.uuid(),
  room_title: z.string(),
  status: z.enum(RECORDING_STATUSES),
  invoked_time: z.string(),
  started_time: z.string().nullable(),
  stopped_time: z.string().nullable(),
  recording_duration: z.number().int().nullable().describe('Seconds, once the file is finished.'),
  file_size: z.number().int().nullable().describe('Bytes, once the file is finished.'),
  output_file_name: z.string().nullable(),
  download_url: z
    .string()
    .nullable()
    .describe('A signed link to the file (Range requests work); null unless UPLOADED.'),
  download_url_expiry: z.string().nullable(),
  start_reason: z.object({ reason: z.enum(['API_CALL', 'RECORD_ON_START']), caller: callerRef }),
  stop_reason: z
    .object({
      reason: z.enum(['API_CALL', 'ALL_PEERS_LEFT', 'ROOM_CLOSED', 'MAX_DURATION', 'INTERNAL_ERROR']),
      message: z.string().optional(),
      caller: callerRef.optional(),
    })
    .nullable(),
  error: z.string().nullable().describe('Why it failed, in words a person can read.'),
});

const idParams = z.object({ recording_id: uuidParam('recording_id') });
const meetingParams = z.object({ meeting_id: uuidParam('meeting_id') });
const both: Array<'host' | 'participant'> = ['host', 'participant'];

export const recordingEndpoints: Endpoint[] = [
  endpoint({
    method: 'POST',
    path: '/recordings',
    tag: 'Recordings',
    summary:
      'Start recording a meeting or breakout room (can_record, in the room you are in); 409 naming the active one if it is being recorded',
    callers: both,
    body: startRecordingSchema,
    response: recordingDto,
    status: 201,
    handler: ({ caller, body }) => startRecording(caller, body),
  }),
  endpoint({
    method: 'GET',
    path: '/recordings',
    tag: 'Recordings',
    summary: "Your recordings, newest first: a main meeting's (with its rooms') or one room's, by status",
    query: listRecordingsQuery,
    response: z.array(recordingDto),
    paged: true,
    handler: ({ caller, query }) => listRecordings(caller.hostId, query),
  }),
  endpoint({
    method: 'GET',
    path: '/recordings/active-recording/{meeting_id}',
    tag: 'Recordings',
    summary: 'The recording in progress in a meeting or room, or null (anyone in that room may ask)',
    params: meetingParams,
    callers: both,
    response: recordingDto.nullable(),
    handler: ({ caller, params }) => activeRecording(caller, params.meeting_id),
  }),
  endpoint({
    method: 'GET',
    path: '/recordings/{recording_id}',
    tag: 'Recordings',
    summary: 'One recording, with a signed download link once its file is stored',
    params: idParams,
    callers: both,
    response: recordingDto,
    handler: ({ caller, params }) => getRecording(caller, params.recording_id),
  }),
  endpoint({
    method: 'PUT',
    path: '/recordings/{recording_id}',
    tag: 'Recordings',
    summary:
      'Stop, pause or resume a recording (can_record, in its room); a stopped one is finished and stored',
    params: idParams,
    callers: both,
    body: controlRecordingSchema,
    response: recordingDto,
    handler: ({ caller, params, body }) => controlRecording(caller, params.recording_id, body),
  }),
  endpoint({
    method: 'DELETE',
    path: '/recordings/{recording_id}',
    tag: 'Recordings',
    summary: 'Delete a finished recording and its file (409 while it is in progress)',
    params: idParams,
    response: recordingDto,
    handler: ({ caller, params }) => deleteRecording(caller.hostId, params.recording_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/recordings/start-all',
    tag: 'Recordings',
    summary:
      'Record all rooms: start a recording of the main meeting and of every open room not being recorded',
    params: meetingParams,
    response: z.object({ recordings: z.array(recordingDto) }),
    status: 201,
    handler: ({ caller, params }) => startAllRecordings(caller, params.meeting_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/recordings/stop-all',
    tag: 'Recordings',
    summary: 'Stop every recording in progress in the meeting and its rooms',
    params: meetingParams,
    response: z.object({ recordings: z.array(recordingDto) }),
    handler: ({ caller, params }) => stopAllRecordings(caller, params.meeting_id),
  }),
];
