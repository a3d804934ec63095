import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/auth/secret';

/** How long a download link works. */
export const DOWNLOAD_URL_TTL_SECONDS = 3600;

const sign = (id: string, expires: number) =>
  createHmac('sha256', authSecret()).update(`recording-file\n${id}\n${expires}`).digest('base64url');

/**
 * A link to a recording's file that works for an hour without a session (a `<video>` element or a
 * download manager sends no credentials): the id and expiry are signed with the app's secret.
 */
export function signedDownloadUrl(id: string, now = new Date()): { url: string; expires: Date } {
  const expires = Math.floor(now.getTime() / 1000) + DOWNLOAD_URL_TTL_SECONDS;
  const query = new URLSearchParams({ expires: String(expires), signature: sign(id, expires) });
  return { url: `/api/v1/recording-files/${id}?${query}`, expires: new Date(expires * 1000) };
}

/** Why a download link is refused, or null when it is valid for `id` at `now`. */
export function checkDownloadSignature(
  id: string,
  expires: string | null,
  signature: string | null,
  now = new Date(),
): 'missing' | 'invalid' | 'expired' | null {
  if (!expires || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(expires)) return 'invalid';
  const expected = Buffer.from(sign(id, Number(expires)));
  const given = Buffer.from(signature);
  // Compared in constant time; the expiry is checked after, so a forged link never learns it is expired.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  if (Number(expires) * 1000 <= now.getTime()) return 'expired';
  return null;
}
