// Lets code that queued deliveries wake this process's delivery worker without importing it (the worker
// imports the database and HTTP machinery; queueing code runs everywhere). The waker lives on globalThis:
// the server's startup hook (which starts the worker) and the route handlers (which queue) may each load
// their own copy of this module.

const g = globalThis as { __webhookWake?: () => void };

/** The worker registers how to wake it. */
export function onWebhookWake(fn: () => void) {
  g.__webhookWake = fn;
}

/** Tells this process's worker new deliveries may be due (shortly: after the caller's commit). */
export function wakeWebhookDeliveries() {
  g.__webhookWake?.();
}
