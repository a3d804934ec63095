import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { breakoutPlans, breakoutStates, participants, type BreakoutDraft } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { setDraft } from './commands';
import { LAST_ROOMS, planRows, plansUpdated, summary, toPlan } from './plan-rows';
import type { applyPlanSchema, savePlanSchema } from './schemas';
import { runCommand, type BreakoutCaller } from './service';

/** At most this many named plans per meeting (the automatic one aside). */
export const MAX_PLANS = 50;

const draftCommand = { kind: 'draft' } as const;

/** The meeting's saved plans, oldest first ("Last rooms" among them once rooms have closed). */
export async function listPlans(caller: BreakoutCaller, mainMeetingId: string) {
  return runCommand(caller, mainMeetingId, draftCommand, {}, async (f) => ({
    result: { plans: (await planRows(f.tx, f.main.id)).map(summary) },
    events: [],
  }));
}

/**
 * Saves a named plan: the rooms running now with who is in each, or, when no room is open, the draft.
 * Names are unique in the meeting; "Last rooms" is kept for the automatic plan.
 */
export async function savePlan(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: z.output<typeof savePlanSchema>,
) {
  return runCommand(caller, mainMeetingId, draftCommand, {}, async (f) => {
    if (input.name.toLowerCase() === LAST_ROOMS.toLowerCase())
      throw new AppError(
        'invalid:plan_name',
        `"${LAST_ROOMS}" is kept for the rooms that closed last.`,
        'name',
      );
    const existing = await planRows(f.tx, f.main.id);
    if (existing.some((p) => p.name === input.name))
      throw new AppError(
        'conflict:plan_name',
        `A plan named "${input.name}" already exists in this meeting.`,
        'name',
      );
    if (existing.filter((p) => !p.automatic).length >= MAX_PLANS)
      throw new AppError(
        'invalid:too_many_plans',
        `A meeting can keep at most ${MAX_PLANS} plans; delete one first.`,
      );
    const plan =
      f.rooms.size > 0
        ? await runningRooms(f.tx, [...f.rooms.values()])
        : await currentDraft(f.tx, f.main.id);
    if (plan.rooms.length === 0)
      throw new AppError(
        'invalid:empty_plan',
        'There are no rooms to save: prepare a draft or start rooms first.',
      );
    const [row] = await f.tx
      .insert(breakoutPlans)
      .values({ mainMeetingId: f.main.id, name: input.name, ...plan })
      .returning();
    return { result: summary(row!), events: [await plansUpdated(f.tx, f.main.id)] };
  });
}

/** Deletes a plan of the meeting (the automatic one too). */
export async function deletePlan(caller: BreakoutCaller, mainMeetingId: string, planId: string) {
  return runCommand(caller, mainMeetingId, draftCommand, {}, async (f) => {
    const [row] = await f.tx
      .delete(breakoutPlans)
      .where(and(eq(breakoutPlans.id, planId), eq(breakoutPlans.mainMeetingId, f.main.id)))
      .returning();
    if (!row) throw new AppError('not_found:plan', 'No plan with that id in this meeting.', 'plan_id');
    return { result: summary(row), events: [await plansUpdated(f.tx, f.main.id)] };
  });
}

/**
 * Copies a plan into the draft in one step (replacing it). People of the plan who are no longer in the
 * meeting are dropped and reported.
 */
export async function applyPlan(
  caller: BreakoutCaller,
  mainMeetingId: string,
  planId: string,
  input?: z.output<typeof applyPlanSchema>,
) {
  return runCommand(
    caller,
    mainMeetingId,
    draftCommand,
    { expectedVersion: input?.expected_version },
    async (f) => {
      const [plan] = await f.tx
        .select()
        .from(breakoutPlans)
        .where(and(eq(breakoutPlans.id, planId), eq(breakoutPlans.mainMeetingId, f.main.id)));
      if (!plan) throw new AppError('not_found:plan', 'No plan with that id in this meeting.', 'plan_id');
      const ids = Object.keys(plan.assignments);
      const found = ids.length
        ? await f.tx
            .select({ id: participants.id })
            .from(participants)
            .where(and(inArray(participants.id, ids), eq(participants.meetingId, f.main.id)))
        : [];
      const here = new Set(found.map((p) => p.id));
      const keys = new Set(plan.rooms.map((r) => r.key));
      const kept = Object.entries(plan.assignments).filter(([id, key]) => here.has(id) && keys.has(key));
      const draft: BreakoutDraft = { rooms: plan.rooms, assignments: Object.fromEntries(kept) };
      await setDraft(f.tx, f.main.id, draft);
      const dropped = ids.filter((id) => !here.has(id));
      return {
        result: { draft, plan: summary(plan), dropped },
        events: [{ type: 'draft_updated', payload: { draft } }],
      };
    },
  );
}

async function runningRooms(tx: Tx, rooms: Array<{ id: string; title: string; createdAt: Date }>) {
  const ordered = [...rooms].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const people = await tx
    .select({ id: participants.id, room: participants.currentMeetingId })
    .from(participants)
    .where(
      inArray(
        participants.currentMeetingId,
        ordered.map((r) => r.id),
      ),
    )
    .orderBy(asc(participants.createdAt), asc(participants.id));
  return toPlan(
    ordered.map((r) => ({ title: r.title, ids: people.filter((p) => p.room === r.id).map((p) => p.id) })),
  );
}

async function currentDraft(tx: Tx, mainMeetingId: string): Promise<BreakoutDraft> {
  const [row] = await tx.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, mainMeetingId));
  return row?.draft ?? { rooms: [], assignments: {} };
}
