import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { breakoutPlans, type BreakoutDraft, type BreakoutPlan } from '@/db/schema';
import type { BreakoutEvent, PlanSummary } from './events';

// The rows of saved room plans, shared by the plan commands (plans.ts) and by closing rooms (service.ts),
// which keeps the groups of the rooms it closes as "Last rooms".

/** The plan kept automatically when the rooms close, so a host can recreate them. Its name is reserved. */
export const LAST_ROOMS = 'Last rooms';

export const summary = (p: BreakoutPlan): PlanSummary => ({
  id: p.id,
  name: p.name,
  rooms: p.rooms.length,
  assigned: Object.keys(p.assignments).length,
  automatic: p.automatic,
  created_at: p.createdAt.toISOString(),
});

export async function planRows(tx: Tx, mainMeetingId: string) {
  return tx
    .select()
    .from(breakoutPlans)
    .where(eq(breakoutPlans.mainMeetingId, mainMeetingId))
    .orderBy(asc(breakoutPlans.createdAt), asc(breakoutPlans.id));
}

/** The plans_updated event with every plan of the meeting as it is now (inside the transaction). */
export async function plansUpdated(tx: Tx, mainMeetingId: string): Promise<BreakoutEvent> {
  const plans = (await planRows(tx, mainMeetingId)).map(summary);
  return { type: 'plans_updated', payload: { plans } };
}

/**
 * Keeps the groups of rooms that are closing as the automatic plan "Last rooms" (replacing the one
 * before), inside the closing transaction. Returns the plans_updated event to append.
 */
export async function keepLastRooms(
  tx: Tx,
  mainMeetingId: string,
  groups: Array<{ title: string; ids: string[] }>,
): Promise<BreakoutEvent> {
  const plan = toPlan(groups);
  await tx
    .insert(breakoutPlans)
    .values({ mainMeetingId, name: LAST_ROOMS, automatic: true, ...plan })
    .onConflictDoUpdate({
      target: [breakoutPlans.mainMeetingId, breakoutPlans.name],
      set: { ...plan, createdAt: new Date() },
    });
  return plansUpdated(tx, mainMeetingId);
}

/** Groups of people by room title, in the draft's shape (keys r1, r2, … in order). */
export function toPlan(groups: Array<{ title: string; ids: string[] }>): BreakoutDraft {
  const rooms = groups.map((g, i) => ({ key: `r${i + 1}`, title: g.title }));
  const assignments: Record<string, string> = {};
  groups.forEach((g, i) => g.ids.forEach((id) => (assignments[id] = rooms[i]!.key)));
  return { rooms, assignments };
}
