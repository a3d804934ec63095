// A synthetic crowd for the move benchmark and its smoke test: people who are real participants of the
// app (a seat made through the REST API, their own plain SSE client on the meeting's event stream) and
// real participants of the LiveKit server (@livekit/rtc-node: a small synthetic camera and a silent
// microphone published, remote tracks subscribed but never decoded into frames here). A move reaches
// them as browsers get it: the `media_token` frame, then the `participants_moved` naming them; they then
// leave their room and join the destination with that token, publish, and count as switched once a
// remote track of the new room is subscribed. Imports nothing server-only.
//
// A crowd of more than a few people runs as a CrowdPool: its people spread over child processes
// (scripts/crowd-worker.ts, at most 20 people each by default), because @livekit/rtc-node 1.1.0 fails
// when one process holds about 48 rooms.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type * as Rtc from '@livekit/rtc-node';
import { rtc } from '../tests/support/media-stack';
import { expandMove, movesPerson, type FullMove, type GroupedMove } from '../lib/events/grouped-moves';
import { applyEvent, peopleIn, type BreakoutState } from '../lib/breakout/reduce';
import type { BreakoutEvent } from '../lib/breakout/events';
import { procStat } from './machine-cpu';

export interface CrowdSeat {
  id: string;
  token: string;
  /**
   * Someone of the audience: camera and microphone off (they publish nothing), still subscribing to a
   * video where there is one. They count as switched once connected in the new room (warm: promoted),
   * since nothing of theirs has to reach anyone there.
   */
  audience?: boolean;
  /**
   * Someone a page is measured against (its partner in a room): in a worker process shared only with the
   * others apart, so their answer to a move does not queue behind twenty others' in one event loop (each
   * stands for a device of their own).
   */
  apart?: boolean;
  /** Their camera's frames per second, when not the crowd's (`CrowdOptions.fps`). */
  fps?: number;
}

/**
 * The seats of each worker process: those `apart` in processes of their own, then the rest, each group
 * dealt out in turn over as few processes as hold at most `per` each.
 */
export function dealSeats<S extends { apart?: boolean }>(seats: S[], per: number): S[][] {
  const deal = (group: S[]) => {
    const count = Math.ceil(group.length / Math.max(1, per));
    return Array.from({ length: count }, (_, i) => group.filter((_, j) => j % count === i));
  };
  return [...deal(seats.filter((s) => s.apart)), ...deal(seats.filter((s) => !s.apart))];
}

interface MediaToken {
  url: string;
  token: string;
  room: string;
}

/** Epoch milliseconds of one move's steps, as this synthetic person lived them. */
export interface CrowdMove {
  destination: string;
  /** The `participants_moved` naming them arrived. */
  changing: number;
  /** Connected to the destination's media room. */
  connected: number;
  /** Their camera and microphone published there. */
  published: number;
  /** A remote track of the destination subscribed (someone else's media reaches them); NaN until then. */
  remoteTrack: number;
  /**
   * `warm`: the connection waiting there was promoted; `cold`: a new connection; `warm-stalled`: promoted,
   * but their media reached nobody there, so a new connection (timings include the stall).
   */
  path: 'warm' | 'cold' | 'warm-stalled';
}

export interface CrowdOptions {
  /** Camera size and rate (a tiny moving picture: the crowd shares two cores with everything else). */
  width?: number;
  height?: number;
  fps?: number;
  /** Remote video tracks to subscribe to in each room (audio is never subscribed). */
  subscribeVideos?: number;
  /**
   * Publish a microphone of silence (default true). Its Opus encoding is about two thirds of a synthetic
   * person's CPU in rtc-node 1.1.0, which has no way to mute a published track.
   */
  microphone?: boolean;
  /**
   * Keep a warm connection as a page does with MEDIA_WARM_SWITCH=on (lib/client/media/warm-connection.ts):
   * after each switch and on `warm_hint`, ask `POST /livekit/warm-token` and wait, rights-less, in the
   * likely room; a move there waits up to 2 s for the server's promotion (as a page does; lowered, up to
   * LOWERED_PROMOTION_WAIT_MS) and publishes on it.
   */
  warm?: boolean;
  /**
   * The scheduling priority (`nice`, 0-19) of the worker processes that hold no seat `apart`: each
   * synthetic person stands for a device of their own, so on a shared machine the crowd may take only the
   * CPU the app, the media server, the pages and the pages' partners leave (the machine's "nice" share,
   * printed apart from its idle share). Unset: the same priority as everything else.
   */
  nice?: number;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long leaving a media room may take before a move goes on without waiting for it. */
const LEAVE_DEADLINE_MS = 5000;

/** How long a page waits for its warm connection's promotion (lib/client/media/room-switch.ts). */
const PAGE_PROMOTION_WAIT_MS = 2000;

/**
 * How long a lowered synthetic person (`nice`) waits for its promotion. Lowered with its scheduling group
 * (workerCommand), it gets only the CPU everything else leaves, and on two cores can miss its promotion
 * for several seconds (at 6 s, half of a draft start's moves gave up). It would then open a new
 * connection that no class of devices of their own would open, loading the media server the pages are
 * measured on.
 */
export const LOWERED_PROMOTION_WAIT_MS = 15_000;

/** How long media published on a promoted connection may take to reach someone in the room. */
const STALL_MS = 4000;

/** The events that change who is where (what SyntheticPerson keeps of the breakout). */
const PEOPLE_EVENTS = new Set([
  'participant_added',
  'participant_removed',
  'participants_moved',
  'meetings_created',
  'meetings_deleted',
]);

/** One synthetic participant: an SSE client of the app and a LiveKit participant. */
export class SyntheticPerson {
  readonly moves: CrowdMove[] = [];
  /** The room they are in, as the app last told them. */
  room?: string;
  /** The meeting the event stream last put them in (a compact move names its people by where they were). */
  private logRoom?: string;
  /**
   * Who is where, as the event stream has told (its snapshot and the people's events after it): a large
   * move names its largest group by bits over who was in its source meeting, as for the pages.
   */
  private view?: BreakoutState;
  private media?: Rtc.Room;
  /** The rights-less connection waiting, or still connecting (`ready`), in the likely room (options.warm). */
  private spare?: Spare;
  private warming: Promise<void> = Promise.resolve();
  /** Warm-ups asked for and not finished yet. */
  private warmUps = 0;
  /** When the latest warm-up began asking the server where to wait (epoch ms; 0 before any). */
  private warmAskedAt = 0;
  /** Asks again where to wait when the server said to (`ask_again_in`). */
  private again?: NodeJS.Timeout;
  // Bumped by every move, as the page's WarmSpare.take does: a warm token fetched before a move must not
  // open a connection after it (the later of two connections with one identity pushes the earlier out).
  private epoch = 0;
  private pendingToken?: MediaToken;
  private stream?: http.ClientRequest;
  private switching: Promise<void> = Promise.resolve();
  private waiters: Array<{
    since: number;
    destination?: string;
    remote: boolean;
    resolve: (m: CrowdMove) => void;
  }> = [];
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    readonly baseUrl: string,
    readonly mainMeetingId: string,
    readonly seat: CrowdSeat,
    readonly options: CrowdOptions = {},
  ) {}

  /** How long a move waits for its promotion: as a page does, unless this person is lowered. */
  private get promotionWaitMs(): number {
    return lowered(this.seat, this.options.nice) ? LOWERED_PROMOTION_WAIT_MS : PAGE_PROMOTION_WAIT_MS;
  }

  /** Follows the event stream (resolves at its snapshot) and joins the room they are in now. */
  async start(): Promise<void> {
    await this.follow();
    const token = await this.fetchToken();
    const at = Date.now();
    await this.enter(token, { destination: token.room, changing: at });
    // Resolves once they know where to wait (or that nowhere is likely), so what the server names
    // reflects the meeting as it was when they joined.
    this.warmUp();
    await this.warming;
  }

  /**
   * Whether, within `ms`, they asked where to wait at or after `since` (epoch ms) and, if the server named
   * a room, wait connected there: what a real class's devices do at once, each on its own, before a host
   * presses Start, and this crowd does one after another on two cores. True at once when not warm.
   */
  async warmed(since: number, ms: number): Promise<boolean> {
    if (!this.options.warm) return true;
    const deadline = Date.now() + ms;
    for (;;) {
      // A warm-up ends once its spare connected or was dropped: none running, none connecting.
      if (this.warmAskedAt >= since && this.warmUps === 0) return true;
      if (this.stopped || Date.now() >= deadline) return false;
      await pause(100);
    }
  }

  /**
   * Resolves with their first move heard at or after `since` (epoch ms), into `destination` if given,
   * once published there and (unless `remote` is false: nobody else publishes there) a remote track of
   * the new room is subscribed.
   */
  switched(since: number, destination?: string, remote = true): Promise<CrowdMove> {
    return new Promise((resolve) => {
      this.waiters.push({ since, destination, remote, resolve });
      this.settle();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.again);
    this.stream?.destroy();
    this.stopSources();
    await this.switching.catch(() => undefined);
    await this.warming.catch(() => undefined);
    await this.media?.disconnect().catch(() => undefined);
    await this.spare?.media.disconnect().catch(() => undefined);
  }

  private follow(): Promise<void> {
    // Moves grouped by preset, as the pages ask for them.
    const url = `${this.baseUrl}/api/v1/meetings/${this.mainMeetingId}/events?moves=grouped`;
    return new Promise((resolve, reject) => {
      const req = http.get(url, { agent, headers: { authorization: `Bearer ${this.seat.token}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`the event stream answered ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const type = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (type === 'snapshot') resolve();
            if (type && data) this.onEvent(type, JSON.parse(data) as { payload?: unknown });
          }
        });
      });
      req.on('error', (err) => (this.stopped ? undefined : reject(err)));
      this.stream = req;
    });
  }

  private onEvent(type: string, data: { payload?: unknown } & Partial<MediaToken>) {
    if (type === 'media_token') {
      this.pendingToken = data as MediaToken;
      return;
    }
    if (type === 'warm_hint') return this.warmUp();
    if (type === 'snapshot') {
      const state = data as unknown as BreakoutState;
      const here = [state.parent_meeting, ...state.meetings].find((m) =>
        m.participants.some((p) => p.id === this.seat.id),
      );
      this.logRoom = here?.id;
      this.view = state;
      return;
    }
    if (!PEOPLE_EVENTS.has(type)) return;
    const moving = type === 'participants_moved';
    const full = moving
      ? expandMove(data.payload as GroupedMove, (id) => peopleIn(this.view, id))
      : data.payload;
    // Expanded, the move names them or not; without a view that fits, where they are tells for every
    // form but bits.
    const takes =
      moving &&
      (full
        ? (full as FullMove).participants.some((p) => p.id === this.seat.id)
        : movesPerson(data.payload as GroupedMove, this.seat.id, this.logRoom));
    if (this.view && full) this.view = applyEvent(this.view, { type, payload: full } as BreakoutEvent);
    else if (this.view) {
      console.error(`synthetic ${this.seat.id}: a move did not fit who the stream said was in its source`);
      this.view = undefined;
    }
    if (takes === undefined) {
      console.error(`synthetic ${this.seat.id}: cannot tell whether a move takes them (their view drifted)`);
      return;
    }
    if (!takes) return;
    const payload = data.payload as GroupedMove;
    this.logRoom = payload.destination_meeting_id;
    const move = { destination: payload.destination_meeting_id, changing: Date.now() };
    const given = this.pendingToken?.room === move.destination ? this.pendingToken : undefined;
    this.pendingToken = undefined;
    // Moves are applied one after another, like the page's room switch.
    this.epoch++;
    this.switching = this.switching
      .then(async () => {
        const spare = this.spare?.room === move.destination ? this.spare : undefined;
        if (spare) this.spare = undefined;
        // A spare still connecting there is waited for, as a page does.
        if (spare && (await within(spare.ready, this.promotionWaitMs)) && (await this.takeOver(spare, move)))
          return;
        if (spare) void this.leaveRoom(spare.media);
        await this.enter(given ?? (await this.fetchToken()), move);
      })
      .then(() => this.warmUp())
      .catch((err: unknown) => {
        if (!this.stopped) console.error(`synthetic ${this.seat.id} could not switch rooms`, err);
      });
  }

  /**
   * Waits in the room a move will likely take them to next, as a page does: the server names it (or
   * none) with a rights-less token of their own identity. Keeps a spare already there; drops one no
   * longer likely.
   */
  private warmUp(): void {
    if (!this.options.warm || this.stopped) return;
    this.warmUps++;
    this.warming = this.warming
      .then(async () => {
        const epoch = this.epoch;
        this.warmAskedAt = Date.now();
        const warm = await this.post<{
          url: string;
          token: string | null;
          room: string | null;
          ask_again_in: number | null;
        }>('/livekit/warm-token');
        if (epoch !== this.epoch) return; // a move came meanwhile: it warms up again after switching
        // As a page does: a host's pick lapses, and a late joiner's placement follows the rooms.
        clearTimeout(this.again);
        if (warm.ask_again_in && !this.stopped)
          this.again = setTimeout(() => this.warmUp(), warm.ask_again_in * 1000 + 250);
        if (this.spare && this.spare.room === warm.room) return;
        const old = this.spare;
        this.spare = undefined;
        if (old) void old.media.disconnect().catch(() => undefined);
        if (!warm.token || !warm.room || warm.room === this.room || this.stopped) return;
        const lib = await rtc();
        const media = new lib.Room();
        const ready = media.connect(warm.url, warm.token, { autoSubscribe: false, dynacast: false }).then(
          () => true,
          () => false,
        );
        const spare = { room: warm.room, media, ready };
        this.spare = spare;
        if (!(await ready) && this.spare === spare) this.spare = undefined;
        if (this.stopped) await media.disconnect().catch(() => undefined);
      })
      .catch((err: unknown) => {
        if (!this.stopped) console.error(`synthetic ${this.seat.id} could not warm up`, err);
      })
      .finally(() => this.warmUps--);
  }

  /**
   * The move went where the spare waits: once the server promoted it (it gives the seat's metadata
   * with the rights; up to `promotionWaitMs`), it becomes their connection; they leave the old room and
   * publish on it. False (and the spare dropped) when no promotion came.
   */
  private async takeOver(spare: Spare, move: { destination: string; changing: number }): Promise<boolean> {
    this.spare = undefined;
    const lib = await rtc();
    const room = spare.media;
    // As a page: the old room is left at once, while the promotion is on its way.
    this.leaveCurrent();
    const deadline = Date.now() + this.promotionWaitMs;
    while (!room.localParticipant?.metadata && Date.now() < deadline && !this.stopped) await pause(20);
    const connected = Date.now();
    if (!room.localParticipant?.metadata || this.stopped) {
      void this.leaveRoom(room);
      return false;
    }
    this.reportLoss(lib, room, spare.room);
    const subscribed = this.followRemote(lib, room);
    this.media = room;
    this.room = spare.room;
    // Someone of the audience publishes nothing: nothing of theirs has to reach anyone.
    const reached = this.seat.audience
      ? Promise.resolve(true)
      : new Promise<boolean>((resolve) => {
          room.once(lib.RoomEvent.LocalTrackSubscribed, () => resolve(true));
          setTimeout(() => resolve(false), STALL_MS);
        });
    // rtc-node 1.1.0 sometimes never sends media on a promoted connection under load (the media server
    // logs "publish time out"), and its publication may then never finish: when it has not finished within
    // STALL_MS, or someone else is there and nobody received their camera, they connect anew, and the move
    // counts as `warm-stalled`.
    const inTime = await within(
      this.publish(lib, room).then(
        () => true,
        () => false,
      ),
      STALL_MS,
    );
    const published = Date.now();
    if ((!inTime || (room.remoteParticipants.size > 0 && !(await reached))) && !this.stopped) {
      console.error(
        `synthetic ${this.seat.id}: ${inTime ? 'nobody received their media' : 'their publication did not finish'} on the promoted connection within ${STALL_MS / 1000} s; connecting anew`,
      );
      this.leaveCurrent();
      await this.enter(await this.fetchToken(), move, 'warm-stalled');
      return true;
    }
    this.record({ ...move, connected, published, remoteTrack: NaN, path: 'warm' }, subscribed);
    return true;
  }

  private fetchToken(): Promise<MediaToken> {
    return this.post<MediaToken>('/livekit/token');
  }

  /** POSTs to the app's API with their seat's token; answers the response's `data`. */
  private async post<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.seat.token}` },
    });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { data: T }).data;
  }

  /** Stops feeding their camera and microphone (the sources of the connection being left). */
  private stopSources() {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  /** Leaves the current media room, joins `token.room`, publishes, and waits for a remote track there. */
  private async enter(
    token: MediaToken,
    move: { destination: string; changing: number },
    path: CrowdMove['path'] = 'cold',
  ) {
    if (this.stopped) return;
    const lib = await rtc();
    // As a page: the old room is left while the new one connects.
    this.leaveCurrent();
    this.room = token.room;
    // A connection that times out on a loaded machine is tried again, as livekit-client does for a page
    // (twice more); the move's timings then include the retries.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.join(lib, token, move, path);
      } catch (err) {
        if (this.stopped || attempt >= 3) throw err;
        console.error(
          `synthetic ${this.seat.id}: joining ${token.room} failed (${String(err)}), trying again`,
        );
        this.leaveCurrent();
      }
    }
  }

  private async join(
    lib: typeof Rtc,
    token: MediaToken,
    move: { destination: string; changing: number },
    path: CrowdMove['path'],
  ) {
    const room = new lib.Room();
    this.media = room;
    // rtc-node can wait forever on a loaded machine: a stuck attempt fails and is tried again (enter).
    await deadline(
      room.connect(token.url, token.token, { autoSubscribe: false, dynacast: false }),
      JOIN_DEADLINE_MS,
      'connecting',
    );
    this.reportLoss(lib, room, token.room);
    const subscribed = this.followRemote(lib, room);
    const connected = Date.now();
    await deadline(this.publish(lib, room), JOIN_DEADLINE_MS, 'publishing');
    this.record({ ...move, connected, published: Date.now(), remoteTrack: NaN, path }, subscribed);
  }

  /**
   * Stops publishing and leaves the current media room, without waiting for the leave to end: a page
   * takes its tracks out of the old room as the leave begins, so nothing of a switch waits for it.
   */
  private leaveCurrent(): void {
    this.stopSources();
    if (this.media) void this.leaveRoom(this.media);
    this.media = undefined;
  }

  /**
   * Leaves a media room, never failing and never waiting long: rtc-node's disconnect can hang on a
   * loaded machine, and a person whose next move waits behind it would miss every move after it (the
   * media server drops the connection once it stops answering). Says so when it did not finish in time.
   */
  private async leaveRoom(room: Rtc.Room): Promise<void> {
    try {
      await deadline(room.disconnect(), LEAVE_DEADLINE_MS, 'leaving the room');
    } catch (err) {
      if (!this.stopped && /longer than/.test(String(err)))
        console.error(`synthetic ${this.seat.id}: ${String(err)}; going on without waiting for it`);
    }
  }

  /**
   * Says so when the media server ends their connection while it is still theirs (removed, or a second
   * connection of the same identity took its place): a page measured in vain for a partner who is gone
   * is explained by it.
   */
  private reportLoss(lib: typeof Rtc, room: Rtc.Room, name: string) {
    room.once(lib.RoomEvent.Disconnected, (reason) => {
      if (this.media === room && !this.stopped && reason !== lib.DisconnectReason.CLIENT_INITIATED)
        console.error(
          `synthetic ${this.seat.id}: disconnected from ${name} by the media server (${lib.DisconnectReason[reason] ?? reason})`,
        );
    });
  }

  /**
   * Subscribes to up to `subscribeVideos` remote videos of the room, those there now and those to come;
   * resolves at the first subscribed track.
   */
  private followRemote(lib: typeof Rtc, room: Rtc.Room): Promise<number> {
    let remoteTrack!: (at: number) => void;
    const subscribed = new Promise<number>((r) => (remoteTrack = r));
    // The videos asked for, by track sid. One that goes away (its publisher left, say a partner that
    // connected anew) frees its place for another, or a new track of the same person is never asked for.
    const asked = new Set<string>();
    const want = this.options.subscribeVideos ?? 1;
    const consider = (pub: Rtc.RemoteTrackPublication) => {
      if (pub.kind !== lib.TrackKind.KIND_VIDEO || asked.size >= want || asked.has(pub.sid!)) return;
      asked.add(pub.sid!);
      pub.setSubscribed(true);
    };
    const considerAll = () => {
      for (const p of room.remoteParticipants.values())
        for (const pub of p.trackPublications.values()) consider(pub);
    };
    room.on(lib.RoomEvent.TrackPublished, (pub) => consider(pub));
    room.on(lib.RoomEvent.TrackUnpublished, (pub) => {
      if (asked.delete(pub.sid!)) considerAll();
    });
    room.on(lib.RoomEvent.ParticipantDisconnected, (p) => {
      let freed = false;
      for (const pub of p.trackPublications.values()) freed = asked.delete(pub.sid!) || freed;
      if (freed) considerAll();
    });
    room.on(lib.RoomEvent.TrackSubscribed, () => remoteTrack(Date.now()));
    considerAll();
    return subscribed;
  }

  private record(done: CrowdMove, subscribed: Promise<number>) {
    this.moves.push(done);
    this.settle();
    void subscribed.then((at) => {
      done.remoteTrack = at;
      this.settle();
    });
  }

  private settle() {
    this.waiters = this.waiters.filter((w) => {
      const m = this.moves.find(
        (m) =>
          m.changing >= w.since &&
          (w.destination ?? m.destination) === m.destination &&
          (!w.remote || this.seat.audience || Number.isFinite(m.remoteTrack)),
      );
      if (m) w.resolve(m);
      return !m;
    });
  }

  private async publish(lib: typeof Rtc, room: Rtc.Room) {
    if (this.seat.audience) return;
    const w = this.options.width ?? 64;
    const h = this.options.height ?? 48;
    const fps = this.seat.fps ?? this.options.fps ?? 5;
    const source = new lib.VideoSource(w, h);
    // I420 frames made once: a light bar on grey at a few positions, so the encoder has motion to send.
    const frames = Array.from({ length: 8 }, (_, f) => {
      const data = new Uint8Array((w * h * 3) / 2).fill(128);
      data.fill(90, 0, w * h);
      for (let y = 0; y < h; y++) data.fill(235, y * w + (f * w) / 8, y * w + ((f + 1) * w) / 8);
      return new lib.VideoFrame(data, w, h, lib.VideoBufferType.I420);
    });
    let n = 0;
    const draw = () => source.captureFrame(frames[n++ % frames.length]!);
    draw();
    this.timers.push(setInterval(draw, 1000 / fps));
    const options = (s: Rtc.TrackSource) => new lib.TrackPublishOptions({ source: s });
    await room.localParticipant!.publishTrack(
      lib.LocalVideoTrack.createVideoTrack('camera', source),
      options(lib.TrackSource.SOURCE_CAMERA),
    );
    if (this.options.microphone === false) return;
    // A microphone track with 100 ms of silence every 100 ms (Opus sends almost nothing for it).
    const rate = 16_000;
    const audio = new lib.AudioSource(rate, 1, 400);
    const silence = new lib.AudioFrame(new Int16Array(rate / 10), rate, 1, rate / 10);
    this.timers.push(setInterval(() => void audio.captureFrame(silence).catch(() => undefined), 100));
    await room.localParticipant!.publishTrack(
      lib.LocalAudioTrack.createAudioTrack('microphone', audio),
      options(lib.TrackSource.SOURCE_MICROPHONE),
    );
  }
}

/** CPU seconds (user + system) of a process and (unless `descendants` is false) all its descendants. */
export function treeCpuSeconds(pid: number, descendants = true): number {
  const children = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fields: string[];
    try {
      fields = procStat(Number(entry));
    } catch {
      continue;
    }
    const ppid = Number(fields[1]);
    own.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += own.get(p) ?? 0;
    if (descendants) stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** What CrowdPool asks of a worker process (scripts/crowd-worker.ts); `req` pairs a reply with it. */
export type WorkerRequest =
  | {
      type: 'start';
      req: number;
      baseUrl: string;
      mainMeetingId: string;
      seats: CrowdSeat[];
      options: CrowdOptions;
    }
  | { type: 'switched'; req: number; id: string; since: number; destination?: string; remote: boolean }
  | { type: 'warmed'; req: number; since: number; ms: number }
  | { type: 'rss'; req: number }
  | { type: 'stop'; req: number };

/** A worker's answers. IPC carries JSON: a CrowdMove's NaN arrives as null. */
export type WorkerReply =
  | { type: 'started'; req: number; rooms: Record<string, string>; rssBefore: number }
  | { type: 'switched'; req: number; move: CrowdMove; room: string }
  | { type: 'warmed'; req: number; warm: number; of: number }
  | { type: 'rss'; req: number; rss: number }
  | { type: 'stopped'; req: number }
  | { type: 'error'; req: number; message: string };

/** A synthetic person of a CrowdPool, as the parent sees them. */
export interface CrowdMember {
  readonly seat: CrowdSeat;
  /** The room they are in, as the app last told them (updated by start() and switched()). */
  room?: string;
  /** As SyntheticPerson.switched, answered by the worker that holds them. */
  switched(since: number, destination?: string, remote?: boolean): Promise<CrowdMove>;
}

type Unsent<R> = R extends unknown ? Omit<R, 'req'> : never;

const WORKER = path.join(import.meta.dirname, 'crowd-worker.ts');
const ROOT = path.resolve(import.meta.dirname, '..');

class Worker {
  private next = 1;
  private pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  exited?: string;
  readonly done: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.req);
      if (!p) return;
      this.pending.delete(reply.req);
      if (reply.type === 'error') p.reject(new Error(`crowd worker ${child.pid}: ${reply.message}`));
      else p.resolve(reply);
    });
    this.done = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exited = `crowd worker ${child.pid} exited (${signal ?? `code ${code}`})`;
        for (const p of this.pending.values()) p.reject(new Error(this.exited));
        this.pending.clear();
        resolve();
      }),
    );
  }

  ask<T extends WorkerReply['type']>(
    request: Unsent<WorkerRequest>,
  ): Promise<Extract<WorkerReply, { type: T }>> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const req = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(req, { resolve: resolve as (r: WorkerReply) => void, reject });
      this.child.send({ ...request, req }, (err) => {
        if (err && this.pending.delete(req)) reject(err);
      });
    });
  }
}

/**
 * A synthetic crowd spread over worker processes (scripts/crowd-worker.ts), at most `perWorker` people
 * each. The workers leave when this process ends, however it ends: stop() asks them and kills whoever
 * is left after 10 s, an exit of this process kills them, and a worker whose IPC channel closes exits.
 */
export class CrowdPool {
  readonly members: CrowdMember[];
  private workers: Worker[] = [];
  private byId = new Map<string, Worker>();
  private killOnExit = () => this.kill();
  /** The workers' RSS in bytes before their people joined, summed. */
  rssBefore = 0;

  constructor(
    readonly baseUrl: string,
    readonly mainMeetingId: string,
    readonly seats: CrowdSeat[],
    readonly options: CrowdOptions & { perWorker?: number } = {},
  ) {
    this.members = seats.map((seat) => {
      const member: CrowdMember = {
        seat,
        switched: async (since, destination, remote = true) => {
          const worker = this.byId.get(seat.id);
          if (!worker) throw new Error('the crowd has not started');
          const r = await worker.ask<'switched'>({
            type: 'switched',
            id: seat.id,
            since,
            destination,
            remote,
          });
          member.room = r.room;
          return { ...r.move, remoteTrack: r.move.remoteTrack ?? NaN };
        },
      };
      return member;
    });
  }

  /** Process ids of the workers (empty before start()). */
  get pids(): number[] {
    return this.workers.map((w) => w.child.pid!);
  }

  /** Starts the workers and everyone in them (each follows the event stream and joins their room). */
  async start(): Promise<void> {
    const shares = dealSeats(this.seats, this.options.perWorker ?? 20);
    process.on('exit', this.killOnExit);
    const { perWorker: _, ...options } = this.options;
    this.workers = shares.map((share) => {
      const worker = new Worker(
        fork(WORKER, [], {
          cwd: ROOT,
          ...workerCommand(share.every((s) => lowered(s, options.nice)) ? options.nice! : 0),
          env: { ...process.env, NODE_ENV: 'production' },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      for (const seat of share) this.byId.set(seat.id, worker);
      return worker;
    });
    // Ten people at a time over all workers, as the crowd always joined: a burst of connects is what
    // the media server and rtc-node handle worst.
    const rssBefore = new Map<Worker, number>();
    for (let i = 0; i < this.seats.length; i += 10) {
      const batch = this.seats.slice(i, i + 10);
      const replies = await Promise.all(
        this.workers.map(async (w) => {
          const seats = batch.filter((s) => this.byId.get(s.id) === w);
          if (!seats.length) return undefined;
          const r = await w.ask<'started'>({
            type: 'start',
            baseUrl: this.baseUrl,
            mainMeetingId: this.mainMeetingId,
            seats,
            options,
          });
          rssBefore.set(w, r.rssBefore);
          return r;
        }),
      );
      for (const r of replies)
        for (const [id, room] of Object.entries(r?.rooms ?? {}))
          this.members.find((m) => m.seat.id === id)!.room = room;
    }
    this.rssBefore = [...rssBefore.values()].reduce((sum, v) => sum + v, 0);
  }

  /**
   * Waits (at most `ms`) until everyone asked where to wait at or after `since` (epoch ms) and waits
   * connected where the server named (SyntheticPerson.warmed): how many do.
   */
  async warmed(since: number, ms: number): Promise<{ warm: number; of: number }> {
    const each = await Promise.all(this.workers.map((w) => w.ask<'warmed'>({ type: 'warmed', since, ms })));
    return {
      warm: each.reduce((sum, r) => sum + r.warm, 0),
      of: each.reduce((sum, r) => sum + r.of, 0),
    };
  }

  /** The workers' RSS in bytes now, summed. */
  async rss(): Promise<number> {
    const each = await Promise.all(this.workers.map((w) => w.ask<'rss'>({ type: 'rss' })));
    return each.reduce((sum, r) => sum + r.rss, 0);
  }

  /** CPU seconds (user + system) of the worker processes so far, summed. */
  cpuSeconds(): number {
    return this.workers.reduce((sum, w) => sum + (w.exited ? 0 : treeCpuSeconds(w.child.pid!)), 0);
  }

  /** Everyone leaves their rooms and the workers exit; a worker still there after 10 s is killed. */
  async stop(): Promise<void> {
    const timeout = setTimeout(() => this.kill(), 10_000);
    await Promise.all(this.workers.map((w) => w.ask({ type: 'stop' }).catch(() => undefined)));
    await Promise.all(this.workers.map((w) => w.done));
    clearTimeout(timeout);
    process.off('exit', this.killOnExit);
  }

  /** Kills every worker at once (SIGKILL); synchronous, for an exit handler. */
  kill(): void {
    for (const w of this.workers) if (!w.exited) w.child.kill('SIGKILL');
  }
}

/**
 * How a crowd worker process is started: under `nice` when given (from the start, so every thread the
 * worker and rtc-node open has it too), and never with a real-time thread. rtc-node's WebRTC gives its
 * decoding threads SCHED_FIFO priority 98 and its encoders 49, which a process running as root gets:
 * twenty synthetic people's decoders would then run ahead of everything else on the machine, the app, the
 * media server and the pages being measured among it. Without CAP_SYS_NICE (taken out of the bounding
 * set, so the worker cannot get it back) those threads stay ordinary ones; WebRTC goes on without.
 *
 * A lowered worker also starts a session of its own (`setsid`). Where the kernel groups each session's
 * processes for scheduling (autogroups, on by default in most distributions), a process's `nice` counts
 * only against the others of its session, and every session gets an equal share: the crowd shared its
 * group with the benchmark and the pages' partners and, as a whole, took as much of the machine as the
 * app, the media server or Chromium. In its own session the worker lowers its group too (crowd-worker.ts).
 */
export function workerCommand(nice: number): { execPath?: string; execArgv: string[] } {
  const node = [process.execPath, '--import', 'tsx'];
  const niced = nice > 0 ? ['nice', '-n', String(nice), ...node] : node;
  const session = nice > 0 && fs.existsSync(SETSID) ? [SETSID, ...niced] : niced;
  const setpriv = '/usr/bin/setpriv';
  if (process.getuid?.() !== 0 || !fs.existsSync(setpriv))
    return { execPath: session[0], execArgv: session.slice(1) }; // a user's RLIMIT_RTPRIO is 0 by default
  return { execPath: setpriv, execArgv: ['--bounding-set', '-sys_nice', ...session] };
}

const SETSID = '/usr/bin/setsid';

/**
 * Lowers this process's scheduling group (its autogroup) to its own `nice`, when it leads a session of
 * its own (workerCommand) and the kernel has autogroups; otherwise nothing. Returns the group's nice,
 * or undefined when unchanged.
 */
export function lowerOwnSession(): number | undefined {
  const nice = os.getPriority();
  if (nice <= 0) return undefined;
  try {
    if (Number(procStat('self')[3]) !== process.pid) return undefined; // the group is shared: lowering it would lower others
    fs.writeFileSync('/proc/self/autogroup', String(nice));
    return nice;
  } catch {
    return undefined; // no autogroups here: `nice` alone decides
  }
}

/** Whether a seat runs at lowered priority: everyone but the pages' partners, when a `nice` is given. */
const lowered = (seat: { apart?: boolean }, nice: number | undefined) => !seat.apart && !!nice;

/** A rights-less connection of a synthetic person, connected once `ready` resolves true. */
interface Spare {
  room: string;
  media: Rtc.Room;
  ready: Promise<boolean>;
}

/** What `p` resolves to, or false when it takes longer than `ms`. */
const within = (p: Promise<boolean>, ms: number) =>
  Promise.race([p, new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

const JOIN_DEADLINE_MS = 15_000;

/** `p`, or an error naming `what` once it has taken longer than `ms`. */
function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
