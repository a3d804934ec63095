// The webhook event names, apart from the rules (which use Node's network and crypto modules), so the
// dashboard's form, a client component, can list them.

/** Every event an endpoint may subscribe to. `chat.message` is sent only to endpoints that list it. */
export const WEBHOOK_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'meeting.participantJoined',
  'meeting.participantLeft',
  'breakout.roomsCreated',
  'breakout.roomsClosed',
  'breakout.participantsMoved',
  'recording.statusUpdate',
  'chat.message',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
