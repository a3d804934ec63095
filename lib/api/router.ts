import 'server-only';
import { z } from 'zod';
import { databaseUnavailable, isDatabaseUnavailable } from '@/lib/database-errors';
import { AppError, RateLimitedError } from '@/lib/errors';
import { enforceEndpointLimit } from '@/lib/limits/endpoints';
import type { Paging } from '@/lib/paging';
import { readJsonBody, readTypedText } from './body';
import { resolveCaller, type Caller, type CallerKind } from './caller';
import { assertNotCrossSite } from './cross-site';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Endpoint<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  K extends CallerKind = CallerKind,
> {
  method: Method;
  /** OpenAPI-style path under /api/v1, e.g. `/meetings/{meeting_id}`. */
  path: string;
  /** A unique name of the operation for generated clients (camelCase, e.g. `addParticipant`). */
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The body is text of this media type (e.g. text/csv), read within `limit` bytes and handed to the
   * handler as a string, instead of JSON.
   */
  textBody?: { type: string; limit: number; description: string };
  /** The success answer is a file of this media type (the handler returns a Response), not JSON. */
  produces?: string;
  /** Shape of `data` in a success answer (documentation only). */
  response: z.ZodType;
  paged?: boolean;
  status?: number;
  /**
   * When this endpoint answers 409, in words (documented with the error codes). Commands that take
   * `expected_version` document their stale-version 409 by themselves.
   */
  conflict?: string;
  /** Who may call it; hosts (API keys) by default. */
  callers?: K[];
  handler: (ctx: {
    caller: Extract<Caller, { kind: K }>;
    params: Infer<P>;
    query: Infer<Q>;
    body: B extends z.ZodType ? z.output<B> : string;
  }) => Promise<unknown>;
}

/** Declares an endpoint with its input types inferred from its schemas. */
export const endpoint = <
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  K extends CallerKind = 'host',
>(
  e: Endpoint<P, Q, B, K>,
) => e as unknown as Endpoint;

/**
 * A second path shape for the same table: a prefix with parameters of its own (RealtimeKit's
 * `/accounts/{account_id}/realtime/kit/{app_id}`), checked against the caller once it is known.
 */
export interface Mount {
  prefix: RegExp;
  authorize: (caller: Caller, prefixParams: Record<string, string>) => Promise<void>;
}

/** Answers a request to /api/v1 (or under a mount) from a table of endpoints, with RealtimeKit's envelope. */
export function createRouter(endpoints: Endpoint[], prefix: string | Mount = '/api/v1') {
  const compiled = endpoints.map((e) => ({ e, re: pathRegex(e.path) }));
  const mount = typeof prefix === 'string' ? undefined : prefix;

  return async function handle(request: Request): Promise<Response> {
    try {
      const pathname = new URL(request.url).pathname.replace(/\/+$/, '');
      const mounted = mount?.prefix.exec(pathname);
      if (mount && !mounted) throw new AppError('not_found:route', `No endpoint at ${pathname}.`);
      const base = mounted?.[0] ?? (typeof prefix === 'string' && pathname.startsWith(prefix) ? prefix : '');
      const rest = pathname.slice(base.length) || '/';
      const matches = compiled.map((c) => ({ ...c, m: c.re.exec(rest) })).filter((c) => c.m);
      if (matches.length === 0) throw new AppError('not_found:route', `No endpoint at ${pathname}.`);
      const match = matches.find((c) => c.e.method === request.method);
      if (!match) {
        const allowed = matches.map((c) => c.e.method).join(', ');
        return envelope(
          405,
          { success: false, error: { code: 'method_not_allowed', message: `Use ${allowed}.` } },
          {
            Allow: allowed,
          },
        );
      }
      const { e } = match;
      const rawParams = match.m!.groups ?? {};
      // The body is read (within its limit) before the caller is looked up: a huge body is refused
      // without a database query, whoever sends it.
      const rawBody = e.textBody
        ? await readTypedText(request, e.textBody.type, e.textBody.limit)
        : e.body
          ? await readJsonBody(request)
          : undefined;
      const caller = await resolveCaller(request, e.callers ?? ['host'], meetingHint(rawParams, rawBody));
      if (mount) await mount.authorize(caller, mounted!.groups ?? {});
      assertNotCrossSite(request, caller, e.textBody?.type);
      await enforceEndpointLimit(e, caller);
      const params = parse(e.params, rawParams, 'path');
      const query = parseQuery(e.query, new URL(request.url).searchParams);
      if (e.body && rawBody === undefined && !e.body.safeParse(undefined).success) {
        throw new AppError('invalid', 'The request needs a JSON body.');
      }
      const body = e.textBody ? rawBody : e.body ? parse(e.body, rawBody, 'body') : undefined;
      const result = await e.handler({ caller, params, query, body });
      // A file answer (a CSV export) is sent as it is.
      if (result instanceof Response) return result;
      if (e.paged) {
        const { data, paging } = result as { data: unknown; paging: Paging };
        return envelope(e.status ?? 200, { success: true, data, paging });
      }
      return envelope(e.status ?? 200, { success: true, data: result });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  // A database that is down or restarting is no bug of ours: 503, nothing changed, try again shortly.
  if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
    console.warn('Database unavailable:', err instanceof Error ? err.message : err);
    err = databaseUnavailable();
  }
  if (err instanceof AppError) {
    const error = { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
    // Every 429 and 503 says when to try again: a limit's own reset time, or a few seconds.
    const retry: Record<string, string> =
      err instanceof RateLimitedError
        ? { 'Retry-After': String(err.retryAfter) }
        : err.status === 429 || err.status === 503
          ? { 'Retry-After': '5' }
          : {};
    return envelope(
      err.status,
      { success: false, error, ...(err.data === undefined ? {} : { data: err.data }) },
      retry,
    );
  }
  console.error('Unhandled API error', err);
  return envelope(500, {
    success: false,
    error: { code: 'internal', message: 'Something went wrong on our side.' },
  });
}

function envelope(status: number, body: unknown, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/** The main meeting a request is about, used only to pick the participant cookie to read. */
function meetingHint(params: Record<string, string>, body: unknown): string | undefined {
  if (params.meeting_id) return params.meeting_id;
  const fromBody = (body as { meeting_id?: unknown } | undefined)?.meeting_id;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

function pathRegex(path: string): RegExp {
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}$`);
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body') {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw zodToAppError(result.error, where);
}

/**
 * One rule for query parameters, on every endpoint: a parameter the endpoint does not declare is refused
 * (400 naming it), never silently ignored, so a misspelt filter or page size cannot go unnoticed.
 */
function parseQuery(schema: z.ZodType | undefined, search: URLSearchParams) {
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  for (const name of search.keys()) {
    if (!known.includes(name))
      throw new AppError(
        'invalid',
        `Unknown query parameter "${name}": this endpoint takes ${known.length ? known.join(', ') : 'none'}.`,
        name,
      );
  }
  return parse(schema, Object.fromEntries(search), 'query');
}

/**
 * The first problem of a zod error as an AppError naming the field. A field name is written exactly as
 * the API spells it (`preset_name`, never `Preset_name`): a message that starts with one is left as it
 * is, and one that does not is prefixed with it.
 */
export function zodToAppError(error: z.ZodError, where = 'body'): AppError {
  const issue = error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)].map(String);
  const field = path.join('.') || undefined;
  const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  let message: string;
  if (issue.code === 'unrecognized_keys')
    message = `Unknown ${where === 'query' ? 'query parameter' : 'field'} "${field}"`;
  else if (!field) message = `${capitalised(where)}: ${issue.message}`;
  else if (issue.message.startsWith(field)) message = issue.message;
  else message = `${field}: ${issue.message}`;
  return new AppError('invalid', message, field);
}
