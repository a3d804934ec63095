import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * False in the server's HTML and while React takes the page over, true from then on. A button whose work
 * is a click handler stays disabled until then: clicked earlier (a slow phone, a fast hand), it would look
 * pressed and do nothing.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
