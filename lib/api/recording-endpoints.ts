import 'server-only';
import { z } from 'zod';
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
import { recordingDto } from './dto-schemas';
import { endpoint, type Endpoint } from './router';

// Recordings, in RealtimeKit's shapes: the owner (API key or dashboard) everywhere; a participant whose
// preset has can_record only in the meeting or room they are in now. Reading a room's active recording is
// open to everyone in it (the page's "Recording" indicator).

const idParams = z.object({ recording_id: uuidParam('recording_id') });
const meetingParams = z.object({ meeting_id: uuidParam('meeting_id') });
const both: Array<'host' | 'participant'> = ['host', 'participant'];

export const recordingEndpoints: Endpoint[] = [
  endpoint({
    method: 'POST',
    path: '/recordings',
    operationId: 'startRecording',
    conflict:
      'The meeting or room is being recorded already (`conflict:recording_active`); the message names that recording.',
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
    operationId: 'listRecordings',
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
    operationId: 'getActiveRecording',
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
    operationId: 'getRecording',
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
    operationId: 'updateRecording',
    conflict:
      'The recording cannot go to that status from the one it has (`conflict:recording_status`, `conflict:recording_not_pausable`).',
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
    operationId: 'deleteRecording',
    conflict: 'The recording is still in progress (`conflict:recording_active`): stop it first.',
    tag: 'Recordings',
    summary: 'Delete a finished recording and its file (409 while it is in progress)',
    params: idParams,
    response: recordingDto,
    handler: ({ caller, params }) => deleteRecording(caller.hostId, params.recording_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/recordings/start-all',
    operationId: 'startAllRecordings',
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
    operationId: 'stopAllRecordings',
    tag: 'Recordings',
    summary: 'Stop every recording in progress in the meeting and its rooms',
    params: meetingParams,
    response: z.object({ recordings: z.array(recordingDto) }),
    handler: ({ caller, params }) => stopAllRecordings(caller, params.meeting_id),
  }),
];
