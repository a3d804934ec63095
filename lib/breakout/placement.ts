// Where placing late joiners puts people (lib/breakout/late-joiners.ts), pure so the rule is tested as a
// table and the media side can predict it (lib/breakout/late-placement-read.ts).

/** An open breakout room as the placement orders them (its creation, then its id). */
export interface PlacementRoom {
  id: string;
  createdAt: Date;
}

/**
 * Where each of `ids`, in this order, goes: one by one into the open room with the fewest people at that
 * moment (ties: the earlier room), so they spread evenly and fill the small rooms first. Pure.
 */
export function smallestRoomPlan(
  rooms: readonly PlacementRoom[],
  sizes: ReadonlyMap<string, number>,
  ids: readonly string[],
): Map<string, string> {
  const order = [...rooms]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((r) => r.id);
  const plan = new Map<string, string>();
  if (order.length === 0) return plan;
  const size = new Map(order.map((id) => [id, sizes.get(id) ?? 0]));
  for (const id of ids) {
    const room = order.reduce((best, r) => (size.get(r)! < size.get(best)! ? r : best));
    size.set(room, size.get(room)! + 1);
    plan.set(id, room);
  }
  return plan;
}
