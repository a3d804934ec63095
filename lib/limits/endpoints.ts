import 'server-only';
import type { Caller } from '@/lib/api/caller';
import type { RateLimitName } from './policy';
import { enforce } from './rate';

// REST endpoints with a rate of their own, keyed by the credential that calls (never by address, so a
// class behind one school address never shares a budget). The rest are bounded by other means: chat by
// its per-participant count in lib/chat, event streams by lib/limits/streams.ts.
const LIMITED: Record<string, RateLimitName> = {
  'POST /livekit/token': 'mediaTokenPerCredential',
  'POST /meetings/{meeting_id}/polls': 'pollCreatePerCredential',
  'POST /meetings/{meeting_id}/polls/{poll_id}/votes': 'pollVotePerCredential',
};

const credentialOf = (caller: Caller) =>
  caller.kind === 'host' ? `host:${caller.hostId}` : `participant:${caller.seat.participant.id}`;

/** Counts a call of a limited endpoint against its caller's budget; a 429 past it. */
export async function enforceEndpointLimit(
  endpoint: { method: string; path: string },
  caller: Caller,
): Promise<void> {
  const name = LIMITED[`${endpoint.method} ${endpoint.path}`];
  if (name) await enforce(name, credentialOf(caller));
}
