import 'server-only';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress } from './rules';

export interface SendResult {
  /** The receiver's HTTP status, when it answered. */
  statusCode: number | null;
  /** The first characters of its answer. */
  snippet: string | null;
  /** Why the attempt failed before an answer (refused destination, DNS, connection, timeout). */
  error: string | null;
}

const SNIPPET_CHARS = 500;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

/**
 * Resolves the URL's host and checks every address it has, then connects to a checked one (the request
 * never resolves the name again, so a name that changes its answer between the check and the connection
 * cannot slip a private address in).
 */
async function checkedAddress(hostname: string, allowPrivate: boolean) {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  for (const a of addresses) {
    const refused = refusedAddress(a.address, allowPrivate);
    if (refused) throw new Error(`Refused: ${host} resolves to ${refused}`);
  }
  return addresses[0]!;
}

/** POSTs one signed body to a webhook URL within `timeoutMs`, following no redirect. */
export async function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendResult> {
  const target = new URL(url);
  let pinned: { address: string; family: number };
  try {
    pinned = await checkedAddress(target.hostname, opts.allowPrivate);
  } catch (err) {
    return { statusCode: null, snippet: null, error: (err as Error).message };
  }
  const pinnedLookup: LookupFunction = (_name, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: agents[target.protocol as 'http:' | 'https:'],
      lookup: pinnedLookup,
      timeout: opts.timeoutMs,
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`No answer within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    const done = (r: SendResult) => {
      clearTimeout(timer);
      resolve(r);
    };
    req.on('timeout', () => req.destroy(new Error(`No answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => done({ statusCode: null, snippet: null, error: err.message }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < SNIPPET_CHARS) text += chunk;
      });
      res.on('end', () =>
        done({ statusCode: res.statusCode ?? null, snippet: text.slice(0, SNIPPET_CHARS), error: null }),
      );
      res.on('error', (err) =>
        done({
          statusCode: res.statusCode ?? null,
          snippet: text.slice(0, SNIPPET_CHARS),
          error: err.message,
        }),
      );
    });
    req.end(body);
  });
}
