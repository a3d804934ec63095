import { db } from '@/db';
import { sql } from 'drizzle-orm';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and the test harness. */
export async function GET() {
  try {
    const d = await db();
    await d.execute(sql`select 1`);
    return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    console.error('Health check failed', err);
    return Response.json({ ok: false, error: 'database unavailable' }, { status: 503 });
  }
}
