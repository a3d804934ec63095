/**
 * Spreads people over rooms as evenly as possible, at random: a Fisher–Yates shuffle, then round-robin,
 * so room sizes differ by at most one (5 people in 4 rooms is 2/1/1/1, never 2/2/1/0).
 */
export function assignEvenly<P, R>(
  people: readonly P[],
  rooms: readonly R[],
  random: () => number = Math.random,
) {
  const result = new Map<R, P[]>(rooms.map((r) => [r, []]));
  if (rooms.length === 0) return result;
  const shuffled = [...people];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  // Start the round-robin at a random room, so the larger rooms are not always the first ones.
  const offset = Math.floor(random() * rooms.length);
  shuffled.forEach((p, i) => result.get(rooms[(i + offset) % rooms.length]!)!.push(p));
  return result;
}

/** The "about K per room" hint for N people in R rooms (0 when there are no rooms or nobody to assign). */
export const perRoomHint = (people: number, rooms: number) =>
  rooms > 0 && people > 0 ? Math.max(1, Math.round(people / rooms)) : 0;
