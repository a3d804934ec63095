// Lets code that queued deliveries wake this process's delivery worker without importing it (the worker
// imports the database and HTTP machinery; queueing code runs everywhere).

let wake: (() => void) | undefined;

/** The worker registers how to wake it. */
export function onWebhookWake(fn: () => void) {
  wake = fn;
}

/** Tells this process's worker new deliveries may be due (shortly: after the caller's commit). */
export function wakeWebhookDeliveries() {
  wake?.();
}
