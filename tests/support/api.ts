import { endpoints } from '@/lib/api/endpoints';
import { createRouter } from '@/lib/api/router';
import { createApiKey } from '@/lib/auth/api-keys';
import { createHost } from '@/lib/hosts/service';
import { db } from '@/db';
import * as schema from '@/db/schema';
import { checkAnswer } from './openapi-check';

const handle = createRouter(endpoints);

export interface ApiAnswer<T = any> {
  status: number;
  body: {
    success: boolean;
    data: T;
    paging?: any;
    error?: { code: string; message: string; field?: string };
  };
}

/** Calls the REST API exactly as the route handler does, with an optional API key and body. */
export async function api<T = any>(
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await handle(new Request(`http://localhost:3000/api/v1${path}`, { method, headers, body }));
  const answer = (await res.json()) as ApiAnswer<T>['body'];
  // Every answer of the suite must be one the OpenAPI document describes.
  checkAnswer(method, path, res.status, answer);
  return { status: res.status, body: answer };
}

let counter = 0;

/** A new host account with an API key. */
export async function newHost() {
  counter += 1;
  const email = `host${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const host = await createHost({ email, password: 'correct horse battery', name: `Host ${counter}` });
  const { key } = await createApiKey(host.id, 'tests');
  return { ...host, key };
}

/** Every row of every table, to prove a refused request changed nothing. */
export async function snapshot() {
  const d = await db();
  const tables = [schema.users, schema.apiKeys, schema.presets, schema.meetings, schema.participants];
  const dumps = await Promise.all(tables.map((t) => d.select().from(t)));
  // Storage order moves when a row is updated (last_used_at on every call): compare sorted rows.
  for (const rows of dumps)
    (rows as unknown[]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  // last_used_at moves on every authenticated call, so it is not part of "what the request changed".
  return JSON.stringify(dumps, (k, v: unknown) => (k === 'lastUsedAt' ? undefined : v));
}
