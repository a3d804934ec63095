'use client';
// The browser's view of the chat, polls and help requests of the meeting a person is in (or, on the
// dashboard, of the room a host picked), kept current from the same event stream as the breakout state.
// History is read over REST when the stream (re)connects and whenever the person changes rooms; live
// events are merged in by id, so nothing shows twice and nothing is lost in between.
import type { ChatMessageDto, HelpRequestDto, PollDto, RoomEvent } from '@/lib/events/room-events';
import { apiCall } from './api';
import type { ConnectedMeetings } from './connected-meetings';

export interface Toast {
  id: string;
  kind: 'broadcast' | 'help' | 'info';
  title: string;
  text: string;
  /** For a help request: the room to join. */
  request?: HelpRequestDto;
}

export interface RoomToolsView {
  /** The meeting whose chat and polls these are. */
  meetingId: string;
  messages: ChatMessageDto[];
  /** Older messages exist before the first one held. */
  hasMore: boolean;
  polls: PollDto[];
  /** Messages from others that arrived while the chat was not shown. */
  unread: number;
  /** Polls created or changed while the polls panel was not shown. */
  newPolls: number;
  /** This participant's latest help request (open, or taken by a host). */
  myHelp?: HelpRequestDto;
  /** Open help requests of every room (hosts only). */
  inbox: HelpRequestDto[];
  toasts: Toast[];
  /** Why history could not be read, if it could not. */
  loadError?: string;
}

export interface RoomToolsOptions {
  /** This participant's id; undefined for a host's dashboard. */
  selfId?: string;
  /** Sees every room, the help inbox, and broadcasts. */
  hostPowers: boolean;
  canViewPolls: boolean;
}

const byTime = (a: { created_at: string; id: string }, b: { created_at: string; id: string }) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function mergeById<T extends { id: string; created_at: string }>(a: T[], b: T[]): T[] {
  const map = new Map<string, T>();
  for (const x of a) map.set(x.id, x);
  for (const x of b) map.set(x.id, x);
  return [...map.values()].sort(byTime);
}

/** How long a room change waits for the media switch before reading the new room's history anyway. */
const SWITCH_WAIT_MS = 3000;

export class RoomTools {
  private view: RoomToolsView;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: Array<() => void> = [];
  private chatVisible = false;
  private pollsVisible = false;
  /** Which reload is the newest: an older one finishing late must not overwrite a newer room. */
  private loadSeq = 0;
  private toastSeq = 0;

  constructor(
    private readonly cm: ConnectedMeetings,
    private readonly options: RoomToolsOptions,
    initialMeetingId: string,
  ) {
    this.view = {
      meetingId: initialMeetingId,
      messages: [],
      hasMore: false,
      polls: [],
      unread: 0,
      newPolls: 0,
      inbox: [],
      toasts: [],
    };
  }

  /** Starts following the stream; call once, before or after the stream started. */
  start(): () => void {
    this.unsubscribe.push(
      this.cm.on('roomEvent', (e) => this.onEvent(e)),
      this.cm.on('resync', () => void this.reload()),
      this.cm.on('stateUpdate', () => {
        // A participant's chat follows where the server has them at once (live messages of the new room
        // are kept from now on); its history is read once the media switch is done, so those requests do
        // not compete with the switch for the server.
        const here = this.options.selfId ? this.cm.whereIs(this.options.selfId) : undefined;
        if (here && here !== this.view.meetingId) this.show(here, this.afterSwitch());
      }),
    );
    void this.reload();
    return () => this.unsubscribe.splice(0).forEach((u) => u());
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  get = () => this.view;

  private set(patch: Partial<RoomToolsView>) {
    this.view = { ...this.view, ...patch };
    this.listeners.forEach((l) => l());
  }

  /** Shows another meeting's chat and polls (a room change, or a host picking a room on the dashboard). */
  show(meetingId: string, readHistory: Promise<void> = Promise.resolve()) {
    if (meetingId === this.view.meetingId) return;
    this.set({
      meetingId,
      messages: [],
      polls: [],
      hasMore: false,
      unread: 0,
      newPolls: 0,
      loadError: undefined,
    });
    void readHistory.then(() => this.reload());
  }

  /** Resolves when this page's media has switched rooms, or after SWITCH_WAIT_MS at most. */
  private afterSwitch(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, SWITCH_WAIT_MS);
      const off = [this.cm.on('meetingChanged', done), this.cm.on('error', done)];
      function done() {
        clearTimeout(timer);
        off.forEach((o) => o());
        resolve();
      }
    });
  }

  setChatVisible(visible: boolean) {
    this.chatVisible = visible;
    if (visible && this.view.unread) this.set({ unread: 0 });
  }

  setPollsVisible(visible: boolean) {
    this.pollsVisible = visible;
    if (visible && this.view.newPolls) this.set({ newPolls: 0 });
  }

  /** Reads the shown meeting's history and the help requests again. */
  async reload(): Promise<void> {
    const seq = ++this.loadSeq;
    const meetingId = this.view.meetingId;
    try {
      const [chat, polls, help] = await Promise.all([
        apiCall<{ messages: ChatMessageDto[]; has_more: boolean }>('GET', `/meetings/${meetingId}/chat`),
        this.options.canViewPolls
          ? apiCall<{ polls: PollDto[] }>('GET', `/meetings/${meetingId}/polls`)
          : Promise.resolve({ polls: [] }),
        apiCall<{ requests: HelpRequestDto[] }>(
          'GET',
          `/meetings/${this.cm.mainMeetingId}/help-requests`,
        ).catch(() => ({ requests: [] })),
      ]);
      if (seq !== this.loadSeq || meetingId !== this.view.meetingId) return;
      const mine = this.options.hostPowers ? undefined : help.requests[0];
      this.set({
        messages: mergeById(chat.messages, this.view.messages),
        hasMore: chat.has_more,
        polls: mergeById(polls.polls, this.view.polls),
        inbox: this.options.hostPowers ? help.requests : [],
        myHelp: mine ?? (this.view.myHelp?.resolved_at ? this.view.myHelp : undefined),
        loadError: undefined,
      });
    } catch (err) {
      if (seq === this.loadSeq) this.set({ loadError: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Reads older messages before the first one shown. */
  async loadOlder(): Promise<void> {
    const first = this.view.messages[0];
    if (!first) return;
    const meetingId = this.view.meetingId;
    const older = await apiCall<{ messages: ChatMessageDto[]; has_more: boolean }>(
      'GET',
      `/meetings/${meetingId}/chat?before=${first.id}`,
    );
    if (meetingId !== this.view.meetingId) return;
    this.set({ messages: mergeById(older.messages, this.view.messages), hasMore: older.has_more });
  }

  private onEvent(event: RoomEvent) {
    const here = this.view.meetingId;
    switch (event.type) {
      case 'chat_message': {
        const m = event.payload.message;
        if (m.meeting_id !== here) return;
        const fresh = !this.view.messages.some((x) => x.id === m.id);
        if (!fresh) return;
        const fromOther = m.participant_id === null || m.participant_id !== this.options.selfId;
        this.set({
          messages: mergeById(this.view.messages, [m]),
          unread: this.view.unread + (fromOther && !this.chatVisible ? 1 : 0),
        });
        if (
          m.kind === 'broadcast' &&
          (m.participant_id === null || m.participant_id !== this.options.selfId)
        ) {
          this.toast({ kind: 'broadcast', title: `Announcement from ${m.sender_name}`, text: m.message });
        }
        return;
      }
      case 'poll_created': {
        const p = event.payload.poll;
        if (p.meeting_id !== here || this.view.polls.some((x) => x.id === p.id)) return;
        this.set({
          polls: mergeById(this.view.polls, [p]),
          newPolls: this.view.newPolls + (this.pollsVisible ? 0 : 1),
        });
        return;
      }
      case 'poll_voted': {
        const v = event.payload;
        const poll = this.view.polls.find((p) => p.id === v.poll_id);
        if (v.meeting_id !== here || !poll) return;
        if (v.counts) {
          const options = poll.options.map((o, i) => ({
            ...o,
            votes: v.counts![i] ?? o.votes,
            voters:
              v.voter &&
              v.voter.option_index === i &&
              !o.voters.some((x) => x.participant_id === v.voter!.participant_id)
                ? [...o.voters, { participant_id: v.voter.participant_id, name: v.voter.name }]
                : o.voters,
          }));
          this.replacePoll({ ...poll, options, total_votes: v.total_votes });
        } else if (poll.results_visible) {
          // Hidden results: those who may see them read the poll again.
          void apiCall<PollDto>('GET', `/meetings/${here}/polls/${poll.id}`).then(
            (p) => this.replacePoll(p),
            () => undefined,
          );
        } else {
          this.replacePoll({ ...poll, total_votes: v.total_votes });
        }
        return;
      }
      case 'help_requested': {
        const r = event.payload.request;
        if (!this.options.hostPowers || this.view.inbox.some((x) => x.id === r.id)) return;
        this.set({ inbox: [...this.view.inbox, r] });
        this.toast({
          kind: 'help',
          title: 'Help requested',
          text: `${r.participant_name} asked for help in ${r.meeting_title}${r.message ? `: “${r.message}”` : '.'}`,
          request: r,
        });
        return;
      }
      case 'help_resolved': {
        const r = event.payload.request;
        this.set({
          inbox: this.view.inbox.filter((x) => x.id !== r.id),
          myHelp: r.participant_id === this.options.selfId ? r : this.view.myHelp,
          toasts: this.view.toasts.filter((t) => t.request?.id !== r.id),
        });
        if (r.participant_id === this.options.selfId && r.resolved_by !== 'moved') {
          this.toast({
            kind: 'info',
            title: 'Help is on the way',
            text: `${r.resolved_by ?? 'A host'} is joining your room.`,
          });
        }
        return;
      }
    }
  }

  private replacePoll(p: PollDto) {
    this.set({ polls: this.view.polls.map((x) => (x.id === p.id ? p : x)) });
  }

  private toast(t: Omit<Toast, 'id'>) {
    const toast = { ...t, id: `t${++this.toastSeq}` };
    this.set({ toasts: [...this.view.toasts, toast].slice(-5) });
  }

  dismissToast(id: string) {
    this.set({ toasts: this.view.toasts.filter((t) => t.id !== id) });
  }

  // ---- commands (the server checks every right again) ----

  async send(message: string): Promise<void> {
    const m = await apiCall<ChatMessageDto>('POST', `/meetings/${this.view.meetingId}/chat`, { message });
    if (m.meeting_id === this.view.meetingId) this.set({ messages: mergeById(this.view.messages, [m]) });
  }

  async createPoll(input: { question: string; options: string[]; anonymous: boolean; hide_votes: boolean }) {
    const p = await apiCall<PollDto>('POST', `/meetings/${this.view.meetingId}/polls`, input);
    if (p.meeting_id === this.view.meetingId) this.set({ polls: mergeById(this.view.polls, [p]) });
  }

  async vote(pollId: string, optionIndex: number) {
    const p = await apiCall<PollDto>('POST', `/meetings/${this.view.meetingId}/polls/${pollId}/votes`, {
      option_index: optionIndex,
    });
    this.replacePoll(p);
  }

  async broadcast(message: string, meetingIds?: string[]) {
    return apiCall<{ meeting_ids: string[] }>('POST', `/meetings/${this.cm.mainMeetingId}/broadcasts`, {
      message,
      ...(meetingIds ? { meeting_ids: meetingIds } : {}),
    });
  }

  async askForHelp(message?: string) {
    const { request } = await apiCall<{ request: HelpRequestDto }>(
      'POST',
      `/meetings/${this.view.meetingId}/help-requests`,
      message ? { message } : undefined,
    );
    this.set({ myHelp: request });
  }

  /** Takes a help request; with `join`, first moves this host's own seat into the room. */
  async takeHelpRequest(request: HelpRequestDto, join: boolean) {
    if (join && this.options.selfId) {
      const from = this.cm.whereIs(this.options.selfId) ?? this.cm.currentMeetingId;
      if (from !== request.meeting_id)
        await this.cm.moveParticipants(from, request.meeting_id, [this.options.selfId]);
    }
    await apiCall('POST', `/meetings/${this.cm.mainMeetingId}/help-requests/${request.id}/resolve`);
    this.set({
      inbox: this.view.inbox.filter((x) => x.id !== request.id),
      toasts: this.view.toasts.filter((t) => t.request?.id !== request.id),
    });
  }

  dispose() {
    this.unsubscribe.splice(0).forEach((u) => u());
    this.listeners.clear();
  }
}
