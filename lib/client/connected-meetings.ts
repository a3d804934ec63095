'use client';
// The browser's view of a meeting family's breakout rooms, mirroring the reference SDK's
// `meeting.connectedMeetings`: state kept current from the server's event stream, the same commands, and
// the events stateUpdate, changingMeeting(destinationId) and meetingChanged. One instance lives for the
// whole page, so listeners survive every room switch.
import type { Draft } from '@/lib/breakout/draft';

import type { BreakoutEvent, BreakoutEventType, PlanSummary } from '@/lib/breakout/events';
import { applyEvent, peopleIn, type BreakoutState, type StateMeeting } from '@/lib/breakout/reduce';
import { expandMove, type GroupedMove } from '@/lib/events/grouped-moves';
import { ROOM_EVENT_TYPES, type RoomEvent } from '@/lib/events/room-events';
import { MODERATION_EVENT_TYPES, type ModerationEvent } from '@/lib/moderation/events';
import { Emitter } from './emitter';
import { offerMediaToken, type MediaToken } from './media/media-token';

import type { BreakoutTimer } from '@/lib/breakout/timer-clock';

/** The body of POST …/draft/assign (lib/breakout/schemas.ts assignDraftSchema). */
export interface AssignDraftRequest {
  mode: 'even' | 'per_room';
  rooms?: number;
  per_room?: number;
  shuffle?: boolean;
  keep_apart?: string[][];
  keep_together?: string[][];
  spread_tag?: string;
  include_absent?: boolean;
}

/** A timer's warning length and close-automatically switch, as the timer endpoint takes them. */
export interface TimerSettings {
  warning_seconds?: number;
  auto_close?: boolean;
}

export type ConnectedMeetingsEvents = {
  stateUpdate: (state: {
    meetings: BreakoutState['meetings'];
    parentMeeting: StateMeeting;
    /** When every open room closes by itself (ISO time), or null. */
    closesAt: string | null;
    /** "Let participants choose": open or closed, and seats per room. */
    selfSelect: BreakoutState['self_select'];
    /** Whether the server places late joiners itself. */
    lateJoiners: BreakoutState['late_joiners'];
    /** The breakout timer, or null. */
    timer: BreakoutTimer | null;
  }) => void;
  changingMeeting: (destinationMeetingId: string) => void;
  meetingChanged: (meetingId: string) => void;
  /** The hosts' shared draft changed (someone saved it, or it was started). */
  draftUpdate: (draft: Draft) => void;
  /** The meeting's saved room plans changed. */
  plansUpdate: (plans: PlanSummary[]) => void;
  /** Chat, polls and help requests this participant (or host) may see; `id` is the event's id. */
  roomEvent: (event: RoomEvent, id: number) => void;
  /** A host muted, removed or spotlighted someone, or ended the meeting. */
  moderation: (event: ModerationEvent, id: number) => void;
  /** The stream (re)connected and sent a fresh state: chat and polls may have been missed, read them again. */
  resync: () => void;
  /** The stream to the server dropped (true) or came back (false). */
  connectionChange: (reconnecting: boolean) => void;
  /** The hosts' draft changed the room this participant would go to (the warm room switch asks again). */
  warmHint: () => void;
  error: (error: Error) => void;
};

/**
 * Joins the media room of a meeting; the media layer provides it (it reuses the local tracks). Resolves
 * with the meeting whose media room it joined: the server's token names the room the participant is in
 * by then, which after quick successive moves may already be a later destination.
 */
export type SwitchMedia = (destinationMeetingId: string) => Promise<string | void>;

const EVENT_TYPES: BreakoutEventType[] = [
  'participant_added',
  'participant_updated',
  'participant_removed',
  'presence_changed',
  'meetings_created',
  'meetings_updated',
  'meetings_deleted',
  'participants_moved',
  'draft_updated',
  'rooms_closing',
  'rooms_closing_cancelled',
  'plans_updated',
  'self_select_updated',
  'late_joiners_updated',
  'timer_updated',
];

const REOPEN_MIN_MS = 250;
const REOPEN_MAX_MS = 2_000;
const REOPEN_QUICK_TRIES = 20;
const REOPEN_SLOW_MS = 15_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class ConnectedMeetings extends Emitter<ConnectedMeetingsEvents> {
  private state: BreakoutState | undefined;
  private source: EventSource | undefined;
  /** The id of the newest event this page has, so a new stream resumes right after it. */
  private lastEventId: string | undefined;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private reopenAttempts = 0;
  private switching: Promise<void> = Promise.resolve();
  /** The meeting this participant is in now, as the server last said. */
  currentMeetingId: string;

  constructor(
    readonly mainMeetingId: string,
    /** This participant's id, or undefined for an observer (a host's dashboard). */
    readonly selfId: string | undefined,
    initialMeetingId: string,
    private switchMedia?: SwitchMedia,
  ) {
    super();
    this.currentMeetingId = initialMeetingId;
  }

  /** Replaces the media switch (a page hands in its newest one); the next move uses it. */
  setSwitchMedia(switchMedia: SwitchMedia | undefined): void {
    this.switchMedia = switchMedia;
  }

  get meetings() {
    return this.state?.meetings ?? [];
  }

  get parentMeeting(): StateMeeting {
    return this.state?.parent_meeting ?? { id: this.mainMeetingId, title: '', participants: [] };
  }

  /** When every open room closes by itself (ISO time), or null. */
  get closesAt(): string | null {
    return this.state?.closes_at ?? null;
  }

  /** "Let participants choose": open or closed, and seats per room (null: no cap). */
  get selfSelect(): BreakoutState['self_select'] {
    return this.state?.self_select ?? { enabled: false, capacity: null };
  }

  get lateJoiners(): BreakoutState['late_joiners'] {
    return this.state?.late_joiners ?? { auto_place: false };
  }

  /** The breakout timer (when the rooms' time is up, the warning, whether they close then), or null. */
  get timer(): BreakoutTimer | null {
    return this.state?.timer ?? null;
  }

  get isActive(): boolean {
    return this.meetings.length > 0;
  }

  get version(): number {
    return this.state?.version ?? 0;
  }

  /** Opens the event stream; the browser resumes it with Last-Event-ID after a drop. */
  start(): void {
    if (this.source) return;
    clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
    // Moves come grouped by preset: a class's move is a third of the bytes (expanded below).
    const resume = this.lastEventId ? `&last_event_id=${encodeURIComponent(this.lastEventId)}` : '';
    const source = new EventSource(`/api/v1/meetings/${this.mainMeetingId}/events?moves=grouped${resume}`, {
      withCredentials: true,
    });
    this.source = source;
    const on = (type: string, fn: (m: MessageEvent<string>) => void) =>
      source.addEventListener(type, (e) => {
        const m = e as MessageEvent<string>;
        if (m.lastEventId) this.lastEventId = m.lastEventId;
        fn(m);
      });
    on('snapshot', (m) => this.onSnapshot(JSON.parse(m.data) as BreakoutState));
    for (const type of EVENT_TYPES) {
      on(type, (m) => {
        const data = JSON.parse(m.data) as { version: number; payload: unknown };
        const payload =
          type === 'participants_moved'
            ? expandMove(data.payload as GroupedMove, (id) => peopleIn(this.state, id))
            : data.payload;
        // A compact move names its people by who was in the source meeting: when this page's view of it
        // does not count as many, the view has drifted, and a new stream starts from a snapshot.
        if (payload === undefined) return this.startOver();
        this.onEvent({ type, payload } as BreakoutEvent, Number(m.lastEventId), data.version);
      });
    }
    for (const type of ROOM_EVENT_TYPES) {
      on(type, (m) => {
        const data = JSON.parse(m.data) as { payload: unknown };
        this.emit('roomEvent', { type, payload: data.payload } as RoomEvent, Number(m.lastEventId));
      });
    }
    for (const type of MODERATION_EVENT_TYPES) {
      source.addEventListener(type, (e) => {
        const m = e as MessageEvent<string>;
        const data = JSON.parse(m.data) as { payload: unknown };
        this.emit('moderation', { type, payload: data.payload } as ModerationEvent, Number(m.lastEventId));
      });
    }
    // Sent just before the event that moves this participant: the new room's token, saving a round trip.
    on('media_token', (m) => offerMediaToken(this.mainMeetingId, JSON.parse(m.data) as MediaToken));
    on('warm_hint', () => this.emit('warmHint'));
    source.onopen = () => {
      this.reopenAttempts = 0;
      this.emit('connectionChange', false);
    };
    source.onerror = () => {
      this.emit('connectionChange', true);
      if (source.readyState === EventSource.CLOSED && this.source === source) this.reopen();
    };
  }

  /** Opens a new stream that starts from a snapshot (not resuming). */
  private startOver() {
    this.source?.close();
    this.source = undefined;
    this.lastEventId = undefined;
    this.start();
  }

  /**
   * The browser reconnects a dropped stream by itself (after the server's `retry`, with Last-Event-ID),
   * but gives up for good when an answer is not a stream: a 503 while the database is down, a 502 from a
   * proxy while no app instance is up. Then a new stream is opened, resuming after the newest event this
   * page has, until one is accepted.
   */
  private reopen() {
    this.source?.close();
    this.source = undefined;
    // Quick tries cover a restart or a failover; after that, a refusal that lasts (the database away for
    // long, or the seat revoked: the browser cannot tell which) is asked again only now and then.
    const delay =
      this.reopenAttempts < REOPEN_QUICK_TRIES
        ? Math.min(REOPEN_MAX_MS, REOPEN_MIN_MS * 2 ** this.reopenAttempts)
        : REOPEN_SLOW_MS;
    this.reopenAttempts += 1;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      this.start();
    }, delay);
  }

  stop(): void {
    clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
    this.source?.close();
    this.source = undefined;
  }

  private onSnapshot(state: BreakoutState) {
    this.state = state;
    this.emitState();
    this.emit('resync');
    const here = this.whereIs(this.selfId);
    if (here && here !== this.currentMeetingId) this.follow(here);
  }

  private onEvent(event: BreakoutEvent, id: number, version: number) {
    if (!this.state || id <= this.state.last_event_id) return;
    // Where a move of this participant takes them; when the stream told this page of it is marked on the
    // page's performance timeline, as room-switch.ts's steps are (the move benchmark reads it).
    const myMove =
      event.type === 'participants_moved' &&
      this.selfId &&
      event.payload.participants.some((p) => p.id === this.selfId)
        ? event.payload.destination_meeting_id
        : undefined;
    if (myMove) performance.mark('breakout-switch:heard');
    this.state = applyEvent(this.state, event, { id, version });
    this.emitState();
    if (event.type === 'draft_updated') this.emit('draftUpdate', event.payload.draft as Draft);
    if (event.type === 'plans_updated') this.emit('plansUpdate', event.payload.plans);
    if (myMove) this.follow(myMove);
  }

  /** The meeting a participant is in, as the server's state says (undefined before the first snapshot). */
  whereIs(participantId: string | undefined): string | undefined {
    if (!participantId || !this.state) return undefined;
    for (const m of [this.state.parent_meeting, ...this.state.meetings]) {
      if (m.participants.some((p) => p.id === participantId)) return m.id;
    }
    return undefined;
  }

  /** Carries this participant's media to the meeting the server put them in, one switch at a time. */
  private follow(destination: string) {
    this.switching = this.switching.then(async () => {
      if (destination === this.currentMeetingId) return;
      this.emit('changingMeeting', destination);
      try {
        const joined = (await this.switchMedia?.(destination)) ?? destination;
        this.currentMeetingId = joined;
        this.emit('meetingChanged', joined);
      } catch (err) {
        this.emit('error', err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private emitState() {
    this.emit('stateUpdate', {
      meetings: this.meetings,
      parentMeeting: this.parentMeeting,
      closesAt: this.closesAt,
      selfSelect: this.selfSelect,
      lateJoiners: this.lateJoiners,
      timer: this.timer,
    });
  }

  // ---- commands (the server checks every permission again) ----

  async getConnectedMeetings() {
    const state = await this.call<BreakoutState>('GET', '');
    return {
      meetings: state.meetings,
      parentMeeting: state.parent_meeting,
      closesAt: state.closes_at,
      version: state.version,
    };
  }

  createMeetings(meetings: Array<{ title: string }>) {
    return this.call<{ meetings: Array<{ id: string; title: string }> }>('POST', '', { meetings }).then(
      (r) => r.meetings,
    );
  }

  /** Renames rooms; with `expectedVersion` a change made since then is a 409 (ApiError) instead. */
  updateMeetings(meetings: Array<{ id: string; title: string }>, expectedVersion?: number) {
    return this.call('PATCH', '', { meetings, expected_version: expectedVersion }).then(() => undefined);
  }

  deleteMeetings(meetingIds: string[]) {
    return this.call<{ meetings: Array<{ id: string }> }>('DELETE', '', { meeting_ids: meetingIds }).then(
      (r) => r.meetings,
    );
  }

  moveParticipants(sourceMeetingId: string, destinationMeetingId: string, participantIds: string[]) {
    return this.call('POST', '/move', {
      source_meeting_id: sourceMeetingId,
      destination_meeting_id: destinationMeetingId,
      participant_ids: participantIds,
    });
  }

  /**
   * A host's pick before Move (warm room switch): these people's pages wait warm in `destinationMeetingId`
   * for a few seconds; null puts the pick back. Changes nobody's place.
   */
  setPendingMove(participantIds: string[], destinationMeetingId: string | null) {
    return this.call<{ warming: number; expires_in: number }>('PUT', '/pending-move', {
      participant_ids: participantIds,
      destination_meeting_id: destinationMeetingId,
    });
  }

  moveParticipantsWithCustomPreset(
    sourceMeetingId: string,
    destinationMeetingId: string,
    participants: Array<{ id: string; presetId: string }>,
  ) {
    return this.call('POST', '/move', {
      source_meeting_id: sourceMeetingId,
      destination_meeting_id: destinationMeetingId,
      participants: participants.map((p) => ({ id: p.id, preset_id: p.presetId })),
    });
  }

  /** Closes every room now, or `countdownSeconds` from now (the server closes them then). */
  closeAll(countdownSeconds = 0) {
    return this.call<{ closes_at: string | null }>('POST', '/close-all', {
      countdown_seconds: countdownSeconds,
    });
  }

  /** Opens or closes choosing, with seats per room (null: no cap). */
  setSelfSelect(enabled: boolean, capacity: number | null) {
    return this.call<{ self_select: BreakoutState['self_select'] }>('PUT', '/self-select', {
      enabled,
      capacity,
    });
  }

  /** Turns placing late joiners by the server on or off. */
  setLateJoiners(autoPlace: boolean) {
    return this.call<{ auto_place: boolean }>('PUT', '/late-joiners', { auto_place: autoPlace });
  }

  /** Places everyone waiting in the main meeting into the rooms with the fewest people. */
  placeLateJoiners() {
    return this.call<{ placed: Array<{ id: string; meeting_id: string }> }>(
      'POST',
      '/late-joiners/place',
      {},
    );
  }

  cancelClose() {
    return this.call<{ cancelled: boolean }>('POST', '/close-all/cancel', {});
  }

  getDraft() {
    return this.call<{ draft: Draft; version: number }>('GET', '/draft');
  }

  saveDraft(draft: Draft) {
    return this.call<{ draft: Draft }>('PUT', '/draft', draft);
  }

  /** Starts the draft; with `timer` the rooms run that long (set in the same step). */
  startDraft(timer?: TimerSettings & { duration_seconds: number }) {
    return this.call<{ meetings: Array<{ id: string; title: string }>; moved: number }>(
      'POST',
      '/draft/start',
      timer ? { timer } : {},
    );
  }

  // ---- plans: CSV import and export of the draft, saved plans ----

  /** Imports a CSV plan into the draft; with `preview` the server only says what it would do. */
  importDraftCsv(csv: string, preview: boolean) {
    return this.call<CsvImportResult>('POST', `/draft/import${preview ? '?preview=true' : ''}`, csv);
  }

  /** Where the browser downloads the draft as a CSV file. */
  get draftExportUrl() {
    return `/api/v1/meetings/${this.mainMeetingId}/connected-meetings/draft/export`;
  }

  listPlans() {
    return this.call<{ plans: PlanSummary[] }>('GET', '../plans').then((r) => r.plans);
  }

  /** Saves the running rooms (or, with none open, the draft) as a named plan. */
  savePlan(name: string) {
    return this.call<PlanSummary>('POST', '../plans', { name });
  }

  applyPlan(planId: string) {
    return this.call<{ dropped: string[] }>('POST', `../plans/${planId}/apply`, {});
  }

  deletePlan(planId: string) {
    return this.call('DELETE', `../plans/${planId}`);
  }

  /** Fills the draft automatically under constraints (POST …/draft/assign); a refusal says why in words. */
  assignDraft(request: AssignDraftRequest) {
    return this.call<{ draft: Draft }>('POST', '/draft/assign', request);
  }

  /** Sets the timer of running rooms (duration_seconds) or moves it (adjust_seconds: +300, -60). */
  setTimer(body: TimerSettings & ({ duration_seconds: number } | { adjust_seconds: number })) {
    return this.call<{ timer: BreakoutTimer }>('PUT', '/timer', body);
  }

  cancelTimer() {
    return this.call<{ cancelled: boolean }>('DELETE', '/timer', {});
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    // Paths starting "../" are siblings of connected-meetings under the meeting (its plans).
    const url = path.startsWith('../')
      ? `/api/v1/meetings/${this.mainMeetingId}/${path.slice(3)}`
      : `/api/v1/meetings/${this.mainMeetingId}/connected-meetings${path}`;
    const csv = typeof body === 'string';
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      // Always JSON (or the CSV a plan import takes) on a change, body or not: the server refuses
      // cookie-authenticated changes that are not.
      headers: method === 'GET' ? undefined : { 'content-type': csv ? 'text/csv' : 'application/json' },
      body: body === undefined ? undefined : csv ? body : JSON.stringify(body),
    });
    const json = (await res.json()) as {
      success: boolean;
      data: T;
      error?: { code: string; message: string; field?: string };
    };
    if (!json.success)
      throw new ApiError(
        res.status,
        json.error?.code ?? 'error',
        json.error?.message ?? 'Request failed',
        json.error?.field,
      );
    return json.data;
  }
}

/** What a CSV plan import did, or (preview) would do. */
export interface CsvImportResult {
  draft: Draft;
  saved: boolean;
  matched: Array<{ line: number; participant_id: string; name: string; room: string }>;
  unknown: Array<{ line: number; column: string; value: string; reason: 'not_found' | 'ambiguous' }>;
  duplicates: Array<{ line: number; participant_id: string; name: string; first_line: number; room: string }>;
}
