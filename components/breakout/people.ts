import type { StateParticipant } from '@/lib/breakout/reduce';
import type { BoardPerson } from './person-row';

/** People who a random spread places: everyone but the person managing and anyone joined as a host. */
export const spreadable = (p: StateParticipant, selfId?: string) =>
  p.id !== selfId && p.preset_name !== 'host';

/** A participant of the state as the board shows them. */
export const toBoardPerson = (p: StateParticipant, selfId?: string): BoardPerson => ({
  id: p.id,
  name: p.name,
  // Tags (hosts' labels, e.g. "mentor") beside the preset; events from before tags existed have none.
  detail: [p.preset_name, ...(p.tags ?? [])].join(' · '),
  connected: p.connected,
  self: p.id === selfId,
});
