import { AppError } from '@/lib/errors';

/** The REST API's limit on a request body; webhooks have their own (`WEBHOOK_BODY_LIMIT`). */
export const API_BODY_LIMIT = 64 * 1024;
/** LiveKit's webhook deliveries are small JSON documents; 1 MB leaves room without inviting abuse. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

/** The 413 answered when a body passes its limit. */
export const bodyTooLarge = (limit: number) =>
  new AppError('too_large:body', `The request body is larger than ${kb(limit)}.`);

/**
 * Reads a request body as UTF-8 text, at most `limit` bytes. A declared Content-Length over the limit is
 * refused before anything is read; otherwise the body is read chunk by chunk and the read is cancelled
 * as soon as the count passes the limit, so a huge (or endless, chunked) body costs at most `limit`
 * bytes of memory and is refused before the caller is even looked up.
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    const n = Number(declared);
    if (!Number.isFinite(n) || n < 0)
      throw new AppError('invalid:content_length', 'Content-Length is not a number.');
    if (n > limit) throw bodyTooLarge(limit);
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid', 'The request body is not valid JSON.');
  }
}

/** The media type a request declares (lower case, without parameters); '' when it declares none. */
const declaredType = (request: Request) =>
  (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** The 415 answered when a body is not of the media type an endpoint takes; it names the type expected. */
const unsupportedType = (expected: string, declared: string) =>
  new AppError(
    'unsupported:content_type',
    `Send the body as "Content-Type: ${expected}" (${declared ? `not ${declared}` : 'no Content-Type was sent'}).`,
  );

/** application/json, or a JSON-based type (`application/merge-patch+json`). */
const isJsonType = (type: string) => type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);

/**
 * Reads a JSON body of an endpoint: at most `limit` bytes (413 beyond), declared as JSON (415 otherwise:
 * a `text/plain` body that happens to hold JSON is refused); undefined when the body is empty, whatever
 * its declared type (an optional body may be left out without a Content-Type).
 */
export async function readJsonBody(request: Request, limit = API_BODY_LIMIT): Promise<unknown> {
  const text = await readBodyText(request, limit);
  if (text.trim() === '') return undefined;
  const type = declaredType(request);
  if (!isJsonType(type)) throw unsupportedType('application/json', type);
  return parseJson(text);
}

/**
 * Reads a text body of one media type (`text/csv`), at most `limit` bytes; another Content-Type is
 * refused (415) before anything is read.
 */
export async function readTypedText(request: Request, type: string, limit: number): Promise<string> {
  const declared = declaredType(request);
  if (declared !== type) throw unsupportedType(type, declared);
  return readBodyText(request, limit);
}
