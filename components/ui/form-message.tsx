import type { FormState } from '@/lib/actions/form-state';

/**
 * The outcome of a form, in a live region that exists before it has anything to say (screen readers only
 * announce changes to regions already on the page).
 */
export function FormMessage({ state, className }: { state: FormState<unknown>; className?: string }) {
  const text = state.status === 'idle' ? '' : state.message;
  const tone = state.status === 'ok' ? 'text-emerald-800' : 'text-red-700';
  return (
    <p role="status" className={`text-sm ${tone} ${text ? '' : 'sr-only'} ${className ?? ''}`}>
      {text}
    </p>
  );
}
