// Runs once when an app server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before anything logs: tokens, join paths and SQL parameters never reach the logs (lib/log/redact.ts).
  const { installLogRedaction } = await import('@/lib/log/redact');
  installLogRedaction();
  // Per-IP limits read the socket's address, which Next.js does not hand to route handlers.
  const { installPeerAddress } = await import('@/lib/limits/client-ip');
  installPeerAddress();
  // Media-room enforcement that must not depend on the process that made a move staying up.
  const { startStragglerSweeps } = await import('@/lib/breakout/enforce');
  startStragglerSweeps();
  // Rooms that close at a deadline close even if the process that set it is gone.
  const { startDeadlineSweeps } = await import('@/lib/breakout/deadlines');
  startDeadlineSweeps();
  // Meeting sessions whose last person left end once the keep-alive has passed, whichever process sees it.
  const { startSessionSweeps } = await import('@/lib/sessions/lifecycle');
  startSessionSweeps();
  // Recorders: launched after a start commits, followed by their rows, and resolved if their process died.
  const { startSupervisor } = await import('@/lib/recording/supervisor');
  startSupervisor();
  // Outgoing webhooks: the queue lives in the database; whichever process claims a row sends it.
  const { startWebhookDeliveries } = await import('@/lib/webhooks/worker');
  startWebhookDeliveries();
}
