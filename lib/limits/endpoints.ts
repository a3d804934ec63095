import 'server-only';
import type { Caller } from '@/lib/api/caller';
import type { RateLimitName } from './policy';
import { enforce } from './rate';

// REST endpoints with a rate of their own for participants, keyed by the seat that calls (never by
// address, so a class behind one school address never shares a budget). Hosts acting through an API
// key or the dashboard are not limited here, as in chat. The rest are bounded by other means: chat by
// its per-participant count in lib/chat, event streams by lib/limits/streams.ts.
const LIMITED: Record<string, RateLimitName> = {
  'POST /livekit/token': 'mediaTokenPerCredential',
  'POST /livekit/warm-token': 'mediaTokenPerCredential',
  'POST /meetings/{meeting_id}/polls': 'pollCreatePerCredential',
  'POST /meetings/{meeting_id}/polls/{poll_id}/votes': 'pollVotePerCredential',
};

/** Counts a participant's call of a limited endpoint against their seat's budget; a 429 past it. */
export async function enforceEndpointLimit(
  endpoint: { method: string; path: string },
  caller: Caller,
): Promise<void> {
  if (caller.kind !== 'participant') return;
  const name = LIMITED[`${endpoint.method} ${endpoint.path}`];
  if (name) await enforce(name, `participant:${caller.seat.participant.id}`);
}
