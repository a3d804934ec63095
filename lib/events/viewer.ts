import 'server-only';
import type { BreakoutDraft, EventRow } from '@/db/schema';
import { isSessionRevoked } from '@/lib/auth/host-session';
import type { ConnectedMeetingsState } from '@/lib/breakout/state';
import { mediaConfig } from '@/lib/livekit/config';
import { warmSwitchOn } from '@/lib/livekit/enforce';
import { mintMediaToken } from '@/lib/livekit/service';
import { findParticipantSession, type ParticipantSession } from '@/lib/participants/service';
import { credentialKey } from './credentials';
import type { MoveFormat } from './grouped-moves';
import { dataFrame, eventFrame, payloadFrame } from './sse-format';
import type { StreamCaller } from './subscriber';
import { apiKeyValid, loadPresetOf, loadPresets, seatAt } from './view-queries';
import {
  movesSelf,
  needsPresetOf,
  presetsNamed,
  removesSelf,
  sightOf,
  step,
  visibleState,
  type ParticipantView,
} from './visibility';

/** Why a stream was closed: its credential no longer speaks for it. */
export interface Revocation {
  code: string;
  message: string;
}

const REVOKED = {
  apiKey: { code: 'revoked:api_key', message: 'This API key has been revoked.' },
  session: { code: 'revoked:session', message: 'This dashboard session has been signed out.' },
  removed: { code: 'revoked:participant_removed', message: 'You were removed from this meeting.' },
  replaced: {
    code: 'revoked:link_replaced',
    message: 'Your join link was replaced. Ask the host for the new one.',
  },
  inactive: { code: 'revoked:meeting_inactive', message: 'This meeting is not active.' },
} satisfies Record<string, Revocation>;

/**
 * What one subscriber of a main meeting's stream may receive, kept current as events go by, and the
 * credential that opened it.
 *
 * Hosts (the owner's API key or dashboard, and participants whose preset may alter the rooms) receive
 * everything. A participant receives what `visibility.ts` decides row by row: the family's breakout
 * events about the people they may see, the chat and polls of the meeting they are in at that point of
 * the log, nothing addressed to the hosts. When a live event moves them they are first sent a
 * `media_token` for the new room. A change to the credential (announced through `credentials.ts`, or a
 * `participant_removed` naming them) is checked against the database: `revoked` is then set and the
 * stream closes; a change of rights narrows what follows.
 */
export class StreamViewer {
  revoked?: Revocation;
  /** The draft room key this participant was last told about ('' for none), for `warm_hint`. */
  private draftRoom?: string;

  private constructor(
    private readonly caller: StreamCaller,
    private readonly moves: MoveFormat,
    private view?: ParticipantView,
  ) {}

  /** `moves`: how this stream sends a move's people (`?moves=grouped`: grouped by preset). */
  static async open(caller: StreamCaller, moves: MoveFormat = 'full'): Promise<StreamViewer> {
    if (caller.kind === 'host') return new StreamViewer(caller, moves);
    const { participant, meeting } = caller.seat;
    const view: ParticipantView = {
      selfId: participant.id,
      roomId: participant.currentMeetingId,
      presetId: participant.roomPresetId ?? participant.presetId,
      presets: await loadPresets(meeting.hostId),
    };
    return new StreamViewer(caller, moves, view);
  }

  /** The credential changes this stream depends on (names from `credentialKey`). */
  get credentialKeys(): Set<string> {
    const c = this.caller;
    if (c.kind === 'host') {
      return new Set([
        c.via === 'api_key' ? credentialKey.apiKey(c.keyId) : credentialKey.session(c.sessionId),
      ]);
    }
    return new Set([
      credentialKey.participant(c.participantId),
      credentialKey.presets(c.seat.meeting.hostId),
      credentialKey.meeting(c.seat.meeting.id),
      ...(this.pendingMoveKey ? [this.pendingMoveKey] : []),
    ]);
  }

  /**
   * With the warm room switch, the key a host's pick for this participant is announced under
   * (lib/breakout/pending-moves.ts): not a credential; the stream answers it with `warmHintFrame`.
   */
  get pendingMoveKey(): string | undefined {
    const c = this.caller;
    return c.kind === 'participant' && warmSwitchOn()
      ? credentialKey.pendingMove(c.participantId)
      : undefined;
  }

  /** `warm_hint`: ask POST /livekit/warm-token again (it carries nothing). */
  warmHintFrame(): Uint8Array {
    return dataFrame('warm_hint', {});
  }

  /** Starts from a snapshot: where they are comes from it, and they get the part of it they may see. */
  fromSnapshot(state: ConnectedMeetingsState): ConnectedMeetingsState {
    const v = this.view;
    if (!v) return state;
    let found = false;
    for (const m of [state.parent_meeting, ...state.meetings]) {
      const self = m.participants.find((p) => p.id === v.selfId);
      if (self) [v.roomId, v.presetId, found] = [m.id, self.preset_id, true];
    }
    if (!found) this.revoked = REVOKED.removed;
    return visibleState(state, v);
  }

  /** Starts from an event id: where they were then, as the log says, so replay follows their moves. */
  async fromReplay(mainMeetingId: string, afterEventId: number): Promise<void> {
    const v = this.view;
    if (!v) return;
    const then = await seatAt(mainMeetingId, v.selfId, afterEventId);
    if (then) [v.roomId, v.presetId] = [then.roomId, then.presetId];
  }

  /** The frames for these rows when nothing needs reading or signing; undefined when something does. */
  framesNow(rows: readonly EventRow[]): Uint8Array[] | undefined {
    const v = this.view;
    if (!v) return rows.map((r) => eventFrame(r, this.moves, 'everyone'));
    if (
      rows.some(
        (r) => movesSelf(v, r) || needsPresetOf(v, r) || presetsNamed(r).some((id) => !v.presets.has(id)),
      )
    )
      return undefined;
    return this.decide(rows, false) as Uint8Array[];
  }

  /**
   * The frames for these rows, in order. `live` rows that move this participant come with a media token
   * for the destination first; replayed ones do not (the page asks for a token for where it is now).
   */
  async frames(rows: readonly EventRow[], live: boolean): Promise<Uint8Array[]> {
    const v = this.view;
    if (!v) return rows.map((r) => eventFrame(r, this.moves, 'everyone'));
    if (rows.some((r) => presetsNamed(r).some((id) => !v.presets.has(id)))) await this.reloadPresets();
    // Older rows do not name the preset of who they are about: everyone's preset is read once (as it is
    // now: the log does not say what it was then).
    if (rows.some((r) => needsPresetOf(v, r)) && this.caller.kind === 'participant') {
      v.presetOf = await loadPresetOf(this.caller.seat.meeting.id);
    }
    const out: Uint8Array[] = [];
    for (const part of this.decide(rows, live)) out.push(part instanceof Uint8Array ? part : await part);
    return out.filter((f) => f.byteLength > 0);
  }

  /** Decides row by row; a media token to sign is a promise in its place. Stops at a revocation. */
  private decide(rows: readonly EventRow[], live: boolean): Array<Uint8Array | Promise<Uint8Array>> {
    const v = this.view!;
    const out: Array<Uint8Array | Promise<Uint8Array>> = [];
    for (const row of rows) {
      if (this.revoked) break;
      if (removesSelf(v, row)) {
        this.revoked = REVOKED.removed;
        break;
      }
      if (row.type === 'draft_updated') {
        const hint = this.warmHint(row);
        if (hint) out.push(hint);
      }
      const decision = step(v, row);
      if (live && movesSelf(v, row)) out.push(this.mediaTokenFrame(row));
      if (decision.send === 'row') out.push(eventFrame(row, this.moves, sightOf(v)));
      // A narrower payload is this viewer's own (not cached).
      else if (decision.send === 'payload') out.push(payloadFrame(row, decision.payload, this.moves));
    }
    return out;
  }

  /**
   * With the warm room switch, a `warm_hint` frame (no payload: the draft stays the hosts') when the
   * draft changes the room this participant is assigned to, so the page asks again where to wait warm
   * (POST /livekit/warm-token). Only a change of their own assignment sends one.
   */
  private warmHint(row: EventRow): Uint8Array | undefined {
    if (!warmSwitchOn() || this.caller.kind !== 'participant') return undefined;
    const draft = (row.payload as { draft?: BreakoutDraft } | null)?.draft;
    const key = draft?.assignments[this.view!.selfId];
    const assigned = key && draft.rooms.some((r) => r.key === key) ? key : '';
    if (assigned === this.draftRoom) return undefined;
    this.draftRoom = assigned;
    return this.warmHintFrame();
  }

  /** Checks the credential against the database again after a change announced under `key`. */
  async recheck(key: string): Promise<void> {
    if (this.revoked) return;
    const c = this.caller;
    if (c.kind === 'host') {
      if (c.via === 'api_key' && !(await apiKeyValid(c.keyId))) this.revoked = REVOKED.apiKey;
      if (c.via === 'session' && (await isSessionRevoked(c.sessionId))) this.revoked = REVOKED.session;
      return;
    }
    const now = await findParticipantSession(c.participantId);
    if (!now) this.revoked = REVOKED.removed;
    else if (now.participant.tokenHash !== c.seat.participant.tokenHash) this.revoked = REVOKED.replaced;
    else if (now.meeting.status !== 'ACTIVE') this.revoked = REVOKED.inactive;
    else if (key === '*' || key.startsWith('presets:')) await this.reloadPresets();
  }

  /** The last frame of a revoked stream (no id: it is not in the log). */
  revokedFrame(): Uint8Array {
    return dataFrame('revoked', this.revoked);
  }

  private async reloadPresets() {
    if (this.caller.kind === 'participant' && this.view) {
      this.view.presets = await loadPresets(this.caller.seat.meeting.hostId);
    }
  }

  /**
   * The `media_token` frame for the room a live move took this participant to. Signed once per move and
   * participant in this process (`sharedTokenFrame`): a participant's other tabs on this instance get the
   * same frame, the same token a request of theirs would get.
   */
  private mediaTokenFrame(move: EventRow): Promise<Uint8Array> {
    const v = this.view!;
    const preset = v.presets.get(v.presetId);
    if (this.caller.kind !== 'participant' || !preset || !mediaConfig().available) return NO_FRAME;
    const base: ParticipantSession = this.caller.seat;
    if (base.meeting.status !== 'ACTIVE') return NO_FRAME;
    const seat: ParticipantSession = {
      ...base,
      participant: { ...base.participant, currentMeetingId: v.roomId },
      preset: { ...base.preset, ...preset },
    };
    return sharedTokenFrame(move, seat);
  }
}

const NO_FRAME = Promise.resolve(new Uint8Array());

// Per move row object (the bus hands every stream of a process the same one), the frames signed for it.
const tokenFrames = new WeakMap<EventRow, Map<string, Promise<Uint8Array>>>();
// A number per permissions object: streams share their presets' permission objects (`loadPresets`), so
// equal rights have one number and a key stays short. Two objects with equal rights (not shared) get two
// numbers, which only signs the same token twice.
const permissionNumbers = new WeakMap<object, number>();
let permissionCount = 0;

/**
 * One participant's `media_token` frame for one move, signed once in this process whatever the number of
 * their streams. Keyed by everything the token says (identity, name, room, preset and its rights, the host
 * seat flag), so two streams whose views differ never share one.
 */
export function sharedTokenFrame(move: EventRow, seat: ParticipantSession): Promise<Uint8Array> {
  const { participant, preset } = seat;
  let rights = permissionNumbers.get(preset.permissions);
  if (rights === undefined) permissionNumbers.set(preset.permissions, (rights = ++permissionCount));
  const key = JSON.stringify([
    participant.id,
    participant.name,
    participant.isHostSeat,
    participant.currentMeetingId,
    preset.name,
    rights,
  ]);
  let frames = tokenFrames.get(move);
  if (!frames) tokenFrames.set(move, (frames = new Map<string, Promise<Uint8Array>>()));
  let frame = frames.get(key);
  if (!frame) {
    frame = mintMediaToken(seat, move.id).then(
      (token) => dataFrame('media_token', token),
      (err: unknown) => {
        // The page asks for a token itself when none came with the move.
        console.warn('Could not mint a media token for a moved participant', err);
        return new Uint8Array();
      },
    );
    frames.set(key, frame);
  }
  return frame;
}
