import 'server-only';
import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { requireHost, type Host } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import type { FieldErrors, FormState } from './form-state';

interface ActionSpec<S extends z.ZodType, T> {
  schema: S;
  /** Fields whose empty value means "not given" (so optional schema fields see undefined, not ""). */
  optional?: string[];
  /** Shapes the form's fields into the schema's input (default: the fields as they are). */
  input?: (values: Record<string, string>) => unknown;
  run: (host: Host, input: z.output<S>) => Promise<T>;
  /** Literal paths whose pages show what changed. */
  revalidate?: (input: z.output<S>, result: T) => string[];
  message?: (result: T, input: z.output<S>) => string;
}

/**
 * The pipeline of every dashboard mutation: resolve the host (never trusting the client), parse the form
 * with zod, call one service, revalidate, and answer a typed state for `useActionState`.
 */
export async function runAction<S extends z.ZodType, T>(
  form: FormData,
  spec: ActionSpec<S, T>,
): Promise<FormState<T>> {
  const host = await requireHost();
  const values = formValues(form, spec.optional);
  const parsed = spec.schema.safeParse(spec.input ? spec.input(values) : values);
  if (!parsed.success) return invalidState<T>(parsed.error, values);
  try {
    const data = await spec.run(host, parsed.data);
    for (const path of spec.revalidate?.(parsed.data, data) ?? []) revalidatePath(path);
    return { status: 'ok', data, message: spec.message?.(data, parsed.data) };
  } catch (err) {
    unstable_rethrow(err); // redirect() and notFound() are exceptions Next must see
    return errorState<T>(err, values);
  }
}

/** A form's text fields as an object; Next's internal `$ACTION_*` fields are left out. */
export function formValues(form: FormData, optional: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value !== 'string' || key.startsWith('$ACTION')) continue;
    if (optional.includes(key) && value.trim() === '') continue;
    out[key] = value;
  }
  return out;
}

export function invalidState<T>(error: z.ZodError, values?: Record<string, string>): FormState<T> {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    fieldErrors[field] ??= humanize(issue.message, field);
  }
  const message = fieldErrors.form ?? 'Please correct the highlighted fields.';
  return { status: 'invalid', fieldErrors, message, values: withoutSecrets(values) };
}

/** Maps a domain error to the form (its field when it names one); anything else is logged, not shown. */
export function errorState<T>(err: unknown, values?: Record<string, string>): FormState<T> {
  if (err instanceof AppError) {
    return err.field
      ? {
          status: 'invalid',
          fieldErrors: { [err.field]: err.message },
          message: err.message,
          values: withoutSecrets(values),
        }
      : { status: 'error', message: err.message, values: withoutSecrets(values) };
  }
  console.error('Unhandled error in a server action', err);
  return { status: 'error', message: 'Something went wrong on our side. Please try again.' };
}

// zod messages start with the field's API name ("preset_name must not be empty"): say it in words.
function humanize(message: string, field: string): string {
  const name = field.split('.').at(-1) ?? field;
  if (!message.startsWith(name)) return message;
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1) + message.slice(name.length);
}

function withoutSecrets(values?: Record<string, string>) {
  if (!values) return undefined;
  const { password: _password, ...rest } = values;
  return rest;
}
