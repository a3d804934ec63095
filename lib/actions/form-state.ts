// The state every dashboard form's server action returns to `useActionState`. Plain data only: it crosses
// the server/client boundary. Importable from client components (no server code here).

export type FieldErrors = Partial<Record<string, string>>;

export type FormState<T = void> =
  | { status: 'idle' }
  | { status: 'ok'; data: T; message?: string }
  | { status: 'invalid'; fieldErrors: FieldErrors; message?: string; values?: Record<string, string> }
  | { status: 'error'; message: string; values?: Record<string, string> };

/** A server action as a form component receives it. */
export type FormAction<T = void> = (prev: FormState<T>, form: FormData) => Promise<FormState<T>>;

export const idle = { status: 'idle' } as const;

/** The submitted value of a field after a failed attempt, so the form can show it again. */
export function valueOf(state: FormState<unknown>, field: string): string | undefined {
  return state.status === 'invalid' || state.status === 'error' ? state.values?.[field] : undefined;
}

export function fieldError(state: FormState<unknown>, field: string): string | undefined {
  return state.status === 'invalid' ? state.fieldErrors[field] : undefined;
}
