/** Error kinds the domain raises; each maps to one HTTP status. */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'not_implemented'
  | 'unavailable';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  not_implemented: 501,
  unavailable: 503,
};

/**
 * The one error type of the domain. `code` is `kind` or `kind:detail` (for example `not_found:meeting`),
 * `message` is written for a person, `field` names the input at fault when there is one.
 */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly field?: string;
  /** Extra data for the answer, e.g. the current state with a stale-version conflict. */
  readonly data?: unknown;

  constructor(
    code: `${ErrorKind}` | `${ErrorKind}:${string}`,
    message: string,
    field?: string,
    data?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.kind = code.split(':')[0] as ErrorKind;
    this.field = field;
    this.data = data;
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError(`not_found:${what}`, `No ${what.replace(/_/g, ' ')} with that id.`, field);

export const invalid = (message: string, field?: string) => new AppError('invalid', message, field);

/** PostgreSQL's unique_violation, from any of the drivers (drizzle keeps the driver's error as `cause`). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** A 429: `retryAfter` (whole seconds) goes out as the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly retryAfter: number;

  constructor(code: 'rate_limited' | `rate_limited:${string}`, message: string, retryAfter: number) {
    super(code, message);
    this.retryAfter = Math.max(1, Math.ceil(retryAfter));
  }
}
