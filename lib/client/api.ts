import { ApiError } from './connected-meetings';

/**
 * Calls the REST API from the browser with this page's cookies (the participant's seat or the host's
 * dashboard session) and unwraps the envelope; a refusal throws an ApiError with the server's message.
 */
export async function apiCall<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      // Always JSON on a change, body or not: the server refuses cookie-authenticated changes that are not.
      headers: method === 'GET' ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  const json = (await res.json().catch(() => ({}))) as {
    success?: boolean;
    data?: T;
    error?: { code: string; message: string; field?: string };
  };
  if (!json.success) {
    throw new ApiError(
      res.status,
      json.error?.code ?? 'error',
      json.error?.message ?? `The request failed (HTTP ${res.status}).`,
      json.error?.field,
    );
  }
  return json.data as T;
}
