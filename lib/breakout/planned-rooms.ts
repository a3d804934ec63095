import { createHash } from 'node:crypto';
import type { BreakoutDraft } from '@/db/schema';

// A draft's rooms do not exist until its start, but the warm room switch wants to wait in a person's
// room before then. So the id each draft room will have is fixed in advance: derived from the main
// meeting, the draft room's key and how many rooms the main meeting has had (its generation), which only
// a room's creation changes. startDraft creates the rooms with exactly these ids (unless one is taken,
// then with new ones: the warm connections then simply miss). Pure, so it is tested as a table.

/** The id the draft room `key` will get when started at this generation: a UUID (version 8, name-based). */
export function plannedRoomId(mainMeetingId: string, key: string, generation: number): string {
  const h = createHash('sha256').update(`planned-room\0${mainMeetingId}\0${key}\0${generation}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The planned id of the room the draft assigns this participant to, or undefined. */
export function plannedRoomOf(
  draft: BreakoutDraft | null | undefined,
  mainMeetingId: string,
  generation: number,
  participantId: string,
): string | undefined {
  const key = draft?.assignments[participantId];
  if (!key || !draft?.rooms.some((r) => r.key === key)) return undefined;
  return plannedRoomId(mainMeetingId, key, generation);
}
