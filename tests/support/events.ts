// Fixtures for event-stream tests: a meeting with participants and rooms, appending events the way the
// breakout commands do, and opening the SSE endpoint exactly as the route handler does.
import { db } from '@/db';
import { meetings, type EventActor } from '@/db/schema';
import type { BreakoutEvent } from '@/lib/breakout/events';
import { publish } from '@/lib/events/bus';
import { appendEvents, lockMainMeeting } from '@/lib/events/log';
import { eventsResponse, type EventsOptions } from '@/lib/events/sse';
import { api, newHost } from './api';
import { SseReader, type SseMessage } from './sse';

export interface Seat {
  id: string;
  token: string;
}

/** A host with a main meeting, `people` participants and `rooms` open breakout rooms. */
export async function meetingWith(
  opts: { people?: number; rooms?: number; host?: Awaited<ReturnType<typeof newHost>> } = {},
) {
  const host = opts.host ?? (await newHost());
  const created = await api<{ id: string }>('POST', '/meetings', {
    key: host.key,
    body: { title: 'Events' },
  });
  const meetingId = created.body.data.id;
  const people: Seat[] = [];
  for (let i = 0; i < (opts.people ?? 0); i++) {
    const p = await api<Seat>('POST', `/meetings/${meetingId}/participants`, {
      key: host.key,
      body: { name: `Person ${i + 1}`, preset_name: 'participant' },
    });
    if (p.status !== 201) throw new Error(`could not add a participant: ${JSON.stringify(p.body)}`);
    people.push({ id: p.body.data.id, token: p.body.data.token });
  }
  const rooms = await addRooms(host.id, meetingId, opts.rooms ?? 0);
  return { host, meetingId, people, rooms };
}

/** Open breakout rooms written directly (the room commands are tested elsewhere). */
export async function addRooms(hostId: string, mainMeetingId: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const d = await db();
  const rows = await d
    .insert(meetings)
    .values(
      Array.from({ length: count }, (_, i) => ({
        hostId,
        parentMeetingId: mainMeetingId,
        title: `Room ${i + 1}`,
        roomStatus: 'open' as const,
      })),
    )
    .returning({ id: meetings.id });
  return rows.map((r) => r.id);
}

/** Appends events as a command does: lock, append in the transaction, commit, then publish. */
export async function appendAndPublish(
  mainMeetingId: string,
  list: BreakoutEvent[],
  actor: EventActor = { kind: 'system' },
  options: { publish?: boolean } = {},
) {
  const d = await db();
  const result = await d.transaction(async (tx) => {
    await lockMainMeeting(tx, mainMeetingId);
    return appendEvents(tx, mainMeetingId, actor, list);
  });
  if (options.publish !== false) await publish(mainMeetingId);
  return result;
}

export const renamed = (id: string, title: string): BreakoutEvent => ({
  type: 'meetings_updated',
  payload: { meetings: [{ id, title }] },
});

/** A move event as the move command writes it (the preset fields are placeholders here). */
export const moved = (source: string, destination: string, ids: string[]): BreakoutEvent => ({
  type: 'participants_moved',
  payload: {
    source_meeting_id: source,
    destination_meeting_id: destination,
    participants: ids.map((id) => ({
      id,
      preset_id: '00000000-0000-4000-8000-000000000000',
      preset_name: 'participant',
      custom_preset: false,
    })),
  },
});

export interface OpenOptions extends EventsOptions {
  key?: string;
  headers?: Record<string, string>;
  query?: string;
}

/** Calls the events endpoint as the route does; `stream` is set when it answered 200. */
export async function openEvents(meetingId: string, opts: OpenOptions = {}) {
  const controller = new AbortController();
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const url = `http://localhost:3000/api/v1/meetings/${meetingId}/events${opts.query ?? ''}`;
  const request = new Request(url, { headers, signal: controller.signal });
  const response = await eventsResponse(request, meetingId, opts);
  const stream = response.status === 200 && response.body ? new SseReader(response.body) : undefined;
  const error =
    response.status === 200
      ? undefined
      : ((await response.json()) as { error: { code: string; message: string; field?: string } }).error;
  return { response, stream, error, abort: () => controller.abort() };
}

export const cookieFor = (meetingId: string, token: string) => `bp_${meetingId.replace(/-/g, '')}=${token}`;

/** The data of an event message. */
export const dataOf = (m: SseMessage) =>
  JSON.parse(m.data) as { version: number; payload: unknown; actor: unknown; created_at: string };

/** The title a `meetings_updated` message (from `renamed`) gives its first room. */
export const titleOf = (m: SseMessage) =>
  (dataOf(m).payload as { meetings: Array<{ title: string }> }).meetings[0]!.title;
