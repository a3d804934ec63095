import 'server-only';
import { assertHostApp } from '@/lib/apps/service';
import { AppError } from '@/lib/errors';
import { createRouter, errorResponse, type Endpoint } from './router';

// RealtimeKit's REST paths (`/accounts/{account_id}/realtime/kit/{app_id}/…`, the official Cloudflare
// SDK's `client.realtimeKit.*` with its baseURL set to REALTIMEKIT_BASE_PATH) served by the same endpoint
// table as /api/v1: one implementation, two path shapes. `account_id` is accepted as given; `app_id`
// must name one of the caller's apps. Errors take RealtimeKit's shape: `{success:false, error:{code,
// message}}` with the HTTP status as the numeric code.

/** What an integrator pastes as the SDK's `baseURL` (after this app's origin). */
export const REALTIMEKIT_BASE_PATH = '/api/cloudflare/client/v4';

const MOUNT =
  /^\/api\/cloudflare\/client\/v4\/accounts\/(?<account_id>[^/]+)\/realtime\/kit\/(?<app_id>[^/]+)/;

/**
 * RealtimeKit resources this app does not serve yet: a clear 501 naming the feature, never a fake
 * success. When a feature lands in the endpoint table at RealtimeKit's path, its entry here goes.
 */
export const NOT_YET_SERVED: ReadonlyArray<{ path: RegExp; feature: string }> = [
  {
    path: /^\/sessions\/[^/]+\/(chat|transcript|summary)$/,
    feature:
      'Session chat exports, transcripts and summaries (…/sessions/{session_id}/chat|transcript|summary)',
  },
  { path: /^\/sessions\/peer-report\//, feature: 'Peer reports (…/sessions/peer-report/{peer_id})' },
  {
    path: /^\/sessions\/[^/]+\/participants\/[^/]+$/,
    feature: 'One participant of a session (use …/sessions/{session_id}/participants)',
  },
  { path: /^\/recordings\/track$/, feature: 'Recording tracks (…/recordings/track)' },
  { path: /^\/livestreams(\/|$)/, feature: 'Livestreams (…/livestreams)' },
  { path: /^\/analytics(\/|$)/, feature: 'Analytics (…/analytics)' },
  {
    path: /^\/meetings\/[^/]+\/active-session\/poll$/,
    feature: 'Polls through the active session (use …/meetings/{meeting_id}/polls)',
  },
];

const APPS_PATH = /^\/api\/cloudflare\/client\/v4\/accounts\/[^/]+\/realtime\/kit\/apps$/;

/** The handler for every request under REALTIMEKIT_BASE_PATH. */
export function createRealtimeKitRouter(endpoints: Endpoint[]) {
  const handle = createRouter(endpoints, {
    prefix: MOUNT,
    authorize: async (caller, { app_id }) => {
      if (caller.kind !== 'host') throw new AppError('forbidden', 'These paths need an API key.');
      await assertHostApp(caller.hostId, app_id!);
    },
  });
  return async function realtimeKit(request: Request): Promise<Response> {
    const pathname = new URL(request.url).pathname.replace(/\/+$/, '');
    if (APPS_PATH.test(pathname)) {
      return referenceShape(
        errorResponse(
          new AppError(
            'not_implemented:apps',
            'Apps are not served over the API: each account has its app, whose id the dashboard shows (API keys → "Use it from RealtimeKit code").',
          ),
        ),
      );
    }
    const rest = pathname.replace(MOUNT, '');
    const missing = rest !== pathname && NOT_YET_SERVED.find((n) => n.path.test(rest));
    if (missing) {
      return referenceShape(
        errorResponse(
          new AppError('not_implemented', `${missing.feature} is not available on this server yet.`),
        ),
      );
    }
    return referenceShape(await handle(request));
  };
}

/** Our error answer in RealtimeKit's shape: the HTTP status as the numeric `code`, the same message. */
async function referenceShape(response: Response): Promise<Response> {
  if (response.ok || !response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.json()) as { error?: { message?: string }; data?: unknown };
  const shaped = {
    success: false,
    error: { code: response.status, message: body.error?.message ?? response.statusText },
    ...(body.data === undefined ? {} : { data: body.data }),
  };
  return Response.json(shaped, { status: response.status, headers: response.headers });
}
