import 'server-only';
import { authenticateApiKey } from '@/lib/auth/api-keys';
import { AppError } from '@/lib/errors';

/** Who is calling the REST API. Participants join this union when their endpoints arrive. */
export type Caller = { kind: 'host'; hostId: string; via: 'api_key' };

/** Resolves the caller from `Authorization: Bearer <api key>`; anything else is a 401. */
export async function resolveCaller(request: Request): Promise<Caller> {
  const header = request.headers.get('authorization');
  if (!header) {
    throw new AppError('unauthorized', 'Send an API key in the Authorization header: "Bearer <key>".');
  }
  const [scheme, key] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'bearer' || !key) {
    throw new AppError('unauthorized', 'The Authorization header must be "Bearer <key>".');
  }
  const hostId = await authenticateApiKey(key);
  if (!hostId) throw new AppError('unauthorized', 'This API key is not valid or has been revoked.');
  return { kind: 'host', hostId, via: 'api_key' };
}
