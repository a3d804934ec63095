import { inspect } from 'node:util';

// Logs must not hold what lets someone act as another: participant tokens and API keys (also inside join
// and invite paths, cookies and Authorization headers), nor the values a failed SQL statement was given
// (names, messages, token hashes). Every log line of the server goes through `redactLogArgs` (installed on
// the console at start-up by `installLogRedaction`), so code that logs needs no care of its own.

const RULES: Array<[RegExp, string]> = [
  [/\b(bpt_|bk_)[A-Za-z0-9_-]{8,}/g, '$1[redacted]'],
  [/(\/join\/)[^\s/?#"'`<>]+/g, '$1[redacted]'],
  [/(\/invite\/[^\s/?#"'`<>]+\/)[^\s/?#"'`<>]+/g, '$1[redacted]'],
  [/(\bBearer\s+)[^\s"'`,;]+/gi, '$1[redacted]'],
  [/((?:^|[\s;])(?:__Secure-)?(?:authjs\.[\w.-]*token[\w.]*|bp_[0-9a-f]+)=)[^\s;"'`]+/gim, '$1[redacted]'],
  // drizzle's "Failed query: …\nparams: a,b,c": the statement stays, its values go.
  [/(\bparams: ).*$/gm, '$1[redacted]'],
  // PostgreSQL's detail on constraint errors: Key (token_hash)=(abc…) already exists.
  [/(\bKey \([^)]*\)=\().*?(\)\s)/g, '$1[redacted]$2'],
];

/** `text` with tokens, keys, join and invite paths, session cookies and SQL parameters masked. */
export function redactText(text: string): string {
  let out = text;
  for (const [re, replacement] of RULES) out = out.replace(re, replacement);
  return out;
}

/** An error as log text: name, message, code, detail, stack and causes, each redacted; no parameters. */
export function redactError(err: Error, depth = 0): string {
  const e = err as Error & { code?: unknown; detail?: unknown };
  const lines = [e.stack ?? `${e.name}: ${e.message}`];
  if (typeof e.code === 'string' || typeof e.code === 'number') lines.push(`  code: ${e.code}`);
  if (typeof e.detail === 'string') lines.push(`  detail: ${e.detail}`);
  if (e.cause instanceof Error && depth < 4) lines.push(`  [cause] ${redactError(e.cause, depth + 1)}`);
  return redactText(lines.join('\n'));
}

/** One console argument made safe to write. */
export function redactLogArg(arg: unknown): unknown {
  if (typeof arg === 'string') return redactText(arg);
  if (arg instanceof Error) return redactError(arg);
  if (arg !== null && typeof arg === 'object') return redactText(inspect(arg, { depth: 4 }));
  return arg;
}

const INSTALLED = Symbol.for('breakout.logRedaction');

/** Routes console.error/warn/log/info through `redactLogArg`, once per process (Next's own logs included). */
export function installLogRedaction(target: Console = console): void {
  const marked = target as Console & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  for (const level of ['error', 'warn', 'log', 'info', 'debug'] as const) {
    const original = target[level].bind(target);
    target[level] = (...args: unknown[]) => original(...args.map(redactLogArg));
  }
}
