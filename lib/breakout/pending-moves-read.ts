import 'server-only';
import { and, gt, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { pendingMoves } from '@/db/schema';
import { env } from '@/lib/env';

// Reading and ending hosts' pending picks (lib/breakout/pending-moves.ts), apart from the command so the
// move itself (service.ts) and the media side (lib/livekit) can use them without importing the command.

/** For each of these participants with a host's pick not yet expired, the room picked and when it lapses. */
export async function pendingMovesOf(
  tx: Tx | Db,
  ids: readonly string[],
): Promise<Map<string, { room: string; msLeft: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      id: pendingMoves.participantId,
      room: pendingMoves.roomId,
      msLeft: sql<number>`(extract(epoch from ${pendingMoves.until} - now()) * 1000)::float8`,
    })
    .from(pendingMoves)
    .where(and(inArray(pendingMoves.participantId, [...ids]), gt(pendingMoves.until, sql`now()`)));
  return new Map(rows.map((r) => [r.id, { room: r.room, msLeft: Number(r.msLeft) }]));
}

/** A move ends the picks of the people it moves (inside the move's transaction). */
export async function endPendingMoves(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || !env().MEDIA_WARM_SWITCH) return;
  await tx.delete(pendingMoves).where(inArray(pendingMoves.participantId, [...ids]));
}
