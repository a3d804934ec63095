/**
 * Every rate limit of the app, in one table. How they tell a class apart from an attack: per-IP limits
 * apply only to unauthenticated, expensive things (password sign-in, sign-up, invite-link joins), and
 * are sized so a school behind one address still passes (a class of 100 joining through personal
 * links is never counted per IP: those are keyed by the link's own credential). Everything else is
 * keyed by the credential that asks (a participant's seat, an API key's host).
 */
export interface RateLimit {
  /** Most hits per window. */
  max: number;
  windowSeconds: number;
  /** Says what was limited; the wait is appended ("Try again in 4 minutes."). */
  message: string;
}

export const RATE_LIMITS = {
  // Wrong and right passwords both count at first (argon2 runs either way); a right one is refunded.
  signInPerIp: {
    max: 30,
    windowSeconds: 600,
    message: 'Too many sign-in attempts from your network.',
  },
  signInPerAccount: {
    max: 10,
    windowSeconds: 600,
    message: 'Too many sign-in attempts for this account.',
  },
  signUpPerIp: {
    max: 50,
    windowSeconds: 3600,
    message: 'Too many new accounts from your network.',
  },
  // A whole class may join one invite link from one school address: the guest cap bounds the meeting.
  inviteJoinPerIp: {
    max: 200,
    windowSeconds: 600,
    message: 'Too many guests joined from your network.',
  },
  joinLinkPerCredential: {
    max: 30,
    windowSeconds: 60,
    message: 'This join link was opened too often.',
  },
  mediaTokenPerCredential: {
    max: 30,
    windowSeconds: 60,
    message: 'Too many media token requests.',
  },
  pollCreatePerCredential: {
    max: 10,
    windowSeconds: 60,
    message: 'Too many polls created.',
  },
  pollVotePerCredential: {
    max: 60,
    windowSeconds: 60,
    message: 'Too many votes.',
  },
  streamOpenPerCredential: {
    max: 120,
    windowSeconds: 60,
    message: 'The event stream was opened too often.',
  },
} satisfies Record<string, RateLimit>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/**
 * Event streams one credential may hold open at once, across every instance: a person's tabs and
 * devices; a host's dashboards and integrations across all their meetings.
 */
export const STREAMS_PER_CREDENTIAL = { participant: 10, host: 200 } as const;
/** Event streams one app process serves at once (each holds memory and a socket). */
export const STREAMS_PER_PROCESS = 5000;
/** How long a stream's lease lives without renewal: a crashed instance's streams free up after this. */
export const STREAM_LEASE_SECONDS = 60;

/** Guests one invite link seats when the meeting does not say otherwise: a class. */
export const DEFAULT_INVITE_GUEST_LIMIT = 100;
export const MAX_INVITE_GUEST_LIMIT = 10_000;

/** "Try again in 4 minutes." for a wait in seconds. */
export function retryText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `Try again in ${s} second${s === 1 ? '' : 's'}.`;
  const m = Math.ceil(s / 60);
  return `Try again in ${m} minute${m === 1 ? '' : 's'}.`;
}
