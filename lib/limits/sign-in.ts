import 'server-only';
import { enforce, refund } from './rate';

/**
 * Runs a password check only within the sign-in limits: per client address (a staff room's worth of
 * attempts) and per account (a person retrying), both counted before argon2 runs, so a flood is cut
 * off before it costs any hashing. A right password gives its hits back: only failures use them up.
 */
export async function withinSignInLimits<T>(
  ip: string,
  email: string,
  check: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const byIp = await enforce('signInPerIp', ip);
  const byAccount = await enforce('signInPerAccount', email.toLowerCase());
  const result = await check();
  if (result !== undefined) await Promise.all([refund(byIp), refund(byAccount)]);
  return result;
}
