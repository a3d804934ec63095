import 'server-only';
import { z } from 'zod';
import { uuidParam } from '@/lib/schemas';
import { auditLogQuery, getAuditLog } from '@/lib/sessions/audit-log';
import { auditCsv, reportCsv } from '@/lib/sessions/csv';
import {
  getSession,
  getSessionQuery,
  getSessionReport,
  listSessionParticipants,
  listSessions,
  listSessionsQuery,
  sessionParticipantsQuery,
} from '@/lib/sessions/report';
import { auditEntryDto, sessionDto, sessionParticipantDto, sessionReportDto } from './session-dto-schemas';
import { endpoint, type Endpoint } from './router';

// Sessions in RealtimeKit's shapes (a session: from the first person's join to the last one's leave, the
// breakout rooms part of their main meeting's), the session report, and the meeting's audit log.

const tag = 'Sessions';
const sessionParams = z.object({ session_id: uuidParam('session_id') });
const meetingParams = z.object({ meeting_id: uuidParam('meeting_id') });

const csvFile = (text: string, name: string) =>
  new Response(text, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });

export const sessionEndpoints: Endpoint[] = [
  endpoint({
    method: 'GET',
    path: '/sessions',
    operationId: 'listSessions',
    tag,
    summary:
      "Your meetings' sessions, newest first; `meeting_id` (or RealtimeKit's `associated_id`) for one meeting's, `status` LIVE or ENDED",
    query: listSessionsQuery,
    response: z.object({ sessions: z.array(sessionDto) }),
    paged: true,
    handler: ({ caller, query }) => listSessions(caller.hostId, query),
  }),
  endpoint({
    method: 'GET',
    path: '/sessions/{session_id}',
    operationId: 'getSession',
    tag,
    summary: "One session; `include_breakout_rooms=true` adds each breakout room's part of it",
    params: sessionParams,
    query: getSessionQuery,
    response: sessionDto,
    handler: ({ caller, params, query }) => getSession(caller.hostId, params.session_id, query),
  }),
  endpoint({
    method: 'GET',
    path: '/sessions/{session_id}/participants',
    operationId: 'listSessionParticipants',
    tag,
    summary:
      'The people of a session: `view=raw` one row per person and room, `view=consolidated` one per person over all rooms; durations in minutes',
    params: sessionParams,
    query: sessionParticipantsQuery,
    response: z.object({ participants: z.array(sessionParticipantDto) }),
    paged: true,
    handler: ({ caller, params, query }) => listSessionParticipants(caller.hostId, params.session_id, query),
  }),
  endpoint({
    method: 'GET',
    path: '/sessions/{session_id}/report',
    operationId: 'getSessionReport',
    tag,
    summary:
      'The session report: every person with where they were from when to when and their totals, chat and poll counts per room, recordings',
    params: sessionParams,
    response: sessionReportDto,
    handler: ({ caller, params }) => getSessionReport(caller.hostId, params.session_id),
  }),
  endpoint({
    method: 'GET',
    path: '/sessions/{session_id}/report/export',
    operationId: 'exportSessionReport',
    tag,
    summary:
      'The session report as CSV: one line per stretch a person spent in a room, with its minutes and the person’s total',
    params: sessionParams,
    produces: 'text/csv',
    response: z.string(),
    handler: async ({ caller, params }) => {
      const report = await getSessionReport(caller.hostId, params.session_id);
      const titles = new Map(report.rooms.map((r) => [r.meeting_id, r.title]));
      return csvFile(
        reportCsv(report.participants, (id) => titles.get(id) ?? 'Deleted room'),
        `session-${params.session_id}.csv`,
      );
    },
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/audit-log',
    operationId: 'getAuditLog',
    tag,
    summary:
      'Every breakout and moderation command of the meeting with who did it and when, oldest first; `session_id` for those of one session',
    params: meetingParams,
    query: auditLogQuery,
    response: z.object({ entries: z.array(auditEntryDto) }),
    handler: async ({ caller, params, query }) => ({
      entries: await getAuditLog(caller.hostId, params.meeting_id, query),
    }),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/audit-log/export',
    operationId: 'exportAuditLog',
    tag,
    summary: 'The audit log as CSV (id, at, type, actor_kind, actor_id, actor_name, payload as JSON)',
    params: meetingParams,
    query: auditLogQuery,
    produces: 'text/csv',
    response: z.string(),
    handler: async ({ caller, params, query }) =>
      csvFile(
        auditCsv(await getAuditLog(caller.hostId, params.meeting_id, query)),
        `audit-log-${params.meeting_id}.csv`,
      ),
  }),
];
