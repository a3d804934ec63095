import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { breakoutStates, participants } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { setDraft } from './commands';
import { exportPlanCsv, matchPlan, readPlanCsv, type PlanPerson } from './csv';
import { runCommand, type BreakoutCaller } from './service';

const draftCommand = { kind: 'draft' } as const;

async function people(tx: Tx, mainMeetingId: string): Promise<PlanPerson[]> {
  return tx
    .select({
      id: participants.id,
      name: participants.name,
      custom_participant_id: participants.customParticipantId,
    })
    .from(participants)
    .where(eq(participants.meetingId, mainMeetingId))
    .orderBy(asc(participants.createdAt), asc(participants.id));
}

/**
 * Replaces the draft with a CSV plan (csv.ts says what a plan file holds). A file with a bad line is
 * refused whole (400 listing each bad line); people the file names who are not in the meeting, and rows
 * naming someone again, are reported and left out. With `preview` it answers the same and saves nothing.
 */
export async function importDraftCsv(
  caller: BreakoutCaller,
  mainMeetingId: string,
  text: string,
  options: { preview: boolean },
) {
  return runCommand(caller, mainMeetingId, draftCommand, {}, async (f) => {
    const file = readPlanCsv(text);
    if (!file.ok) throw new AppError('invalid:csv', file.message, 'body', { errors: file.errors });
    const match = matchPlan(file.rows, await people(f.tx, f.main.id));
    const result = {
      draft: match.draft,
      saved: !options.preview,
      matched: match.matched,
      unknown: match.unknown,
      duplicates: match.duplicates,
    };
    if (options.preview) return { result, events: [] };
    await setDraft(f.tx, f.main.id, match.draft);
    return { result, events: [{ type: 'draft_updated', payload: { draft: match.draft } }] };
  });
}

/** The draft as a CSV plan file that imports back to the same draft. */
export async function exportDraftCsv(caller: BreakoutCaller, mainMeetingId: string): Promise<string> {
  return runCommand(caller, mainMeetingId, draftCommand, {}, async (f) => {
    const [row] = await f.tx
      .select({ draft: breakoutStates.draft })
      .from(breakoutStates)
      .where(eq(breakoutStates.mainMeetingId, f.main.id));
    const draft = row?.draft ?? { rooms: [], assignments: {} };
    return { result: exportPlanCsv(draft, await people(f.tx, f.main.id)), events: [] };
  });
}
