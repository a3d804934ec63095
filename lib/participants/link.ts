import 'server-only';
import type { Participant } from '@/db/schema';
import { authSecret } from '@/lib/auth/secret';
import { hashToken, hmac, nonce, TOKEN_PREFIX } from '@/lib/auth/tokens';
import { appUrl } from '@/lib/meetings/service';

// A participant's join token is derived, like an invite link, from a per-person nonce and the server's
// secret: the database holds only the nonce and the token's SHA-256 (for the lookup at join time), so a
// read of the database gives no usable link, yet the dashboard can show the link again whenever the host
// needs it. A new nonce is a new link, and the old one stops matching the stored hash at once.

/** The join token a participant's nonce gives: `bpt_` and 256 bits, the shape of every participant token. */
export const participantToken = (participantId: string, linkNonce: string) =>
  TOKEN_PREFIX.participant + hmac(authSecret(), `participant:${participantId}:${linkNonce}`);

export const joinUrl = (token: string) => appUrl(`/join/${token}`);

/** A fresh link for a participant: the columns to store and the token to hand out. */
export function freshLink(participantId: string) {
  const linkNonce = nonce();
  const token = participantToken(participantId, linkNonce);
  return { columns: { linkNonce, tokenHash: hashToken(token) }, token, join_url: joinUrl(token) };
}

export interface CurrentLink {
  token: string;
  join_url: string;
}

/**
 * The link that works for this participant now, or null when it cannot be derived: it was made before
 * links were derived (no nonce), or the server's secret changed since (the stored hash no longer matches).
 */
export function currentLink(p: Pick<Participant, 'id' | 'linkNonce' | 'tokenHash'>): CurrentLink | null {
  if (!p.linkNonce) return null;
  const token = participantToken(p.id, p.linkNonce);
  if (hashToken(token) !== p.tokenHash) return null;
  return { token, join_url: joinUrl(token) };
}
