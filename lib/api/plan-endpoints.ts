import 'server-only';
import { z } from 'zod';
import { CSV_BODY_LIMIT, MAX_CSV_ROWS } from '@/lib/breakout/csv';
import { exportDraftCsv, importDraftCsv } from '@/lib/breakout/csv-import';
import { applyPlan, deletePlan, listPlans, savePlan } from '@/lib/breakout/plans';
import { applyPlanSchema, importDraftQuerySchema, savePlanSchema } from '@/lib/breakout/schemas';
import type { BreakoutCaller } from '@/lib/breakout/service';
import { uuidParam } from '@/lib/schemas';
import type { Caller } from './caller';
import { draftDto, planDto } from './dto-schemas';
import { endpoint, type Endpoint } from './router';

// Room plans made before the meeting (CSV import and export of the draft) and saved plans.

const params = z.object({ meeting_id: uuidParam('meeting_id') });
const planParams = params.extend({ plan_id: uuidParam('plan_id') });
const callers: Array<'host' | 'participant'> = ['host', 'participant'];
const tag = 'Breakout plans';
const base = '/meetings/{meeting_id}/connected-meetings';

const asBreakoutCaller = (c: Caller): BreakoutCaller =>
  c.kind === 'host'
    ? { kind: 'host', hostId: c.hostId }
    : { kind: 'participant', participantId: c.seat.participant.id };

const draftShape = draftDto.shape.draft;
const importDto = z.object({
  draft: draftShape,
  saved: z.boolean().describe('False for a preview: nothing was changed'),
  matched: z.array(
    z.object({ line: z.number().int(), participant_id: z.uuid(), name: z.string(), room: z.string() }),
  ),
  unknown: z.array(
    z.object({
      line: z.number().int(),
      column: z.string(),
      value: z.string(),
      reason: z.enum(['not_found', 'ambiguous']),
    }),
  ),
  duplicates: z.array(
    z.object({
      line: z.number().int(),
      participant_id: z.uuid(),
      name: z.string(),
      first_line: z.number().int(),
      room: z.string(),
    }),
  ),
});

export const planEndpoints: Endpoint[] = [
  endpoint({
    method: 'POST',
    path: `${base}/draft/import`,
    operationId: 'importBreakoutDraft',
    tag,
    summary:
      'Replace the draft with a CSV plan (header: room plus participant_id, custom_participant_id or name). With preview=true nothing is saved: the answer says what would happen. A bad line refuses the whole file (400, error.message lists each line and reason, data.errors too); unknown people and people named twice are reported and left out',
    params,
    query: importDraftQuerySchema,
    textBody: {
      type: 'text/csv',
      limit: CSV_BODY_LIMIT,
      description: `RFC 4180 CSV, UTF-8, at most ${CSV_BODY_LIMIT / 1024} KB and ${MAX_CSV_ROWS} rows. Rooms are made from the distinct room titles in order of first appearance; a row with a room and no person makes an empty room. A person is matched by the first of participant_id, custom_participant_id, name the row fills.`,
    },
    callers,
    response: importDto,
    handler: ({ caller, params, query, body }) =>
      importDraftCsv(asBreakoutCaller(caller), params.meeting_id, body, {
        preview: query.preview === 'true',
      }),
  }),
  endpoint({
    method: 'GET',
    path: `${base}/draft/export`,
    operationId: 'exportBreakoutDraft',
    tag,
    summary:
      'The draft as a CSV plan (room,participant_id,custom_participant_id,name) that imports back to the same draft',
    params,
    callers,
    produces: 'text/csv',
    response: z.string(),
    handler: async ({ caller, params }) =>
      new Response(await exportDraftCsv(asBreakoutCaller(caller), params.meeting_id), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="breakout-plan.csv"',
          'Cache-Control': 'no-store',
        },
      }),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/plans',
    operationId: 'listBreakoutPlans',
    tag,
    summary: 'The saved room plans of the meeting ("Last rooms" among them once rooms have closed)',
    params,
    callers,
    response: z.object({ plans: z.array(planDto) }),
    handler: ({ caller, params }) => listPlans(asBreakoutCaller(caller), params.meeting_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/plans',
    operationId: 'saveBreakoutPlan',
    conflict: 'A plan of this meeting has this name (`conflict:plan_name`).',
    tag,
    summary:
      'Save the running rooms with who is in each, or (no room open) the draft, as a named plan; names are unique in the meeting',
    params,
    callers,
    body: savePlanSchema,
    response: planDto,
    status: 201,
    handler: ({ caller, params, body }) => savePlan(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'DELETE',
    path: '/meetings/{meeting_id}/plans/{plan_id}',
    operationId: 'deleteBreakoutPlan',
    tag,
    summary: 'Delete a saved plan',
    params: planParams,
    callers,
    response: planDto,
    handler: ({ caller, params }) => deletePlan(asBreakoutCaller(caller), params.meeting_id, params.plan_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/plans/{plan_id}/apply',
    operationId: 'applyBreakoutPlan',
    tag,
    summary:
      'Copy a plan into the draft in one step (then Start); people no longer in the meeting are dropped and listed in dropped',
    params: planParams,
    callers,
    body: applyPlanSchema,
    response: draftDto.extend({ plan: planDto, dropped: z.array(z.uuid()) }),
    handler: ({ caller, params, body }) =>
      applyPlan(asBreakoutCaller(caller), params.meeting_id, params.plan_id, body),
  }),
];
