import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { MeetingPage } from './meeting-page';

// Runs in every test page before the app: marks the page as under test (the app then exposes its Room as
// window.__breakout), keeps every RTCPeerConnection it creates for getStats(), and picks Low video.
export function instrumentPage() {
  const w = window as unknown as { __BREAKOUT_TEST__: boolean; __pcs: RTCPeerConnection[] };
  w.__BREAKOUT_TEST__ = true;
  w.__pcs = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__pcs.push(this);
    }
  };
  try {
    localStorage.setItem('breakout.videoQuality', 'low');
  } catch {
    // about:blank and other opaque origins have no storage
  }
}

export interface InboundByName {
  /** framesDecoded of video received from this participant (camera). */
  video: number;
  /** bytesReceived of audio received from this participant (microphone). */
  audio: number;
}

/**
 * What this page receives from each remote participant, by name, read from RTCPeerConnection.getStats():
 * an inbound-rtp stream belongs to whoever owns the remote track with that trackIdentifier.
 */
export function inboundByName(page: Page): Promise<Record<string, InboundByName>> {
  return page.evaluate(async () => {
    const w = window as unknown as {
      __pcs: RTCPeerConnection[];
      __breakout?: { room?: { remoteParticipants: Map<string, RemoteLike> } };
    };
    interface RemoteLike {
      name?: string;
      identity: string;
      trackPublications: Map<string, { track?: { mediaStreamTrack: MediaStreamTrack } }>;
    }
    const owner = new Map<string, string>();
    for (const p of w.__breakout?.room?.remoteParticipants.values() ?? []) {
      for (const pub of p.trackPublications.values()) {
        if (pub.track) owner.set(pub.track.mediaStreamTrack.id, p.name || p.identity);
      }
    }
    const out: Record<string, { video: number; audio: number }> = {};
    for (const pc of w.__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        const name = owner.get(s.trackIdentifier as string);
        if (!name) return;
        const entry = (out[name] ??= { video: 0, audio: 0 });
        if (s.kind === 'video') entry.video += Number(s.framesDecoded ?? 0);
        if (s.kind === 'audio') entry.audio += Number(s.bytesReceived ?? 0);
      });
    }
    return out;
  });
}

/** Bytes this page has sent, by kind, over all its outbound RTP streams. */
export function outboundBytes(page: Page): Promise<{ audio: number; video: number }> {
  return page.evaluate(async () => {
    const w = window as unknown as { __pcs: RTCPeerConnection[] };
    const out = { audio: 0, video: 0 };
    for (const pc of w.__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'outbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) {
          out[s.kind] += Number(s.bytesSent ?? 0);
        }
      });
    }
    return out;
  });
}

/**
 * Video from `from` keeps arriving at this person's page. Given the sender's page (not only a name), a
 * failure also says what that page sends: its senders' tracks, encodings and outbound RTP.
 */
export async function expectMediaFrom(person: MeetingPage, from: string | MeetingPage) {
  const name = typeof from === 'string' ? from : from.name;
  const first = (await inboundByName(person.page))[name]?.video ?? 0;
  try {
    await expect
      .poll(async () => (await inboundByName(person.page))[name]?.video ?? 0, {
        timeout: 60_000,
        intervals: [1000],
        message: `${person.name} receives video from ${name}`,
      })
      .toBeGreaterThan(first);
  } catch (err) {
    // What the page knows about that video, so a failure says where it stopped (no subscription, a paused
    // stream, packets without frames, a hidden element), and what the sender's page is sending.
    const why = await videoDiagnosis(person.page, name).catch((e: unknown) => String(e));
    let sent = '';
    if (typeof from !== 'string') {
      const sender = await senderDiagnosis(from.page).catch((e: unknown) => ({
        text: String(e),
        cameraSid: '',
      }));
      sent = `\n${name}'s page sends: ${sender.text}${serverQualityLog(sender.cameraSid)}`;
    }
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}\n${person.name}'s page: ${why}${sent}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * What a page sends: each live connection's senders (track state, encodings as set, whether LiveKit's
 * local publication still points at that sender) and their outbound RTP, twice a second apart, so a
 * stopped encoder, a paused layer and a sender the call no longer owns tell themselves apart.
 */
function senderDiagnosis(page: Page): Promise<{ text: string; cameraSid: string }> {
  return page.evaluate(async () => {
    const w = window as unknown as {
      __pcs: RTCPeerConnection[];
      __breakout?: {
        room?: {
          name?: string;
          localParticipant: {
            trackPublications: Map<
              string,
              { kind?: string; track?: { sender?: RTCRtpSender; mediaStreamTrack: MediaStreamTrack } }
            >;
          };
        };
      };
    };
    const owned = new Map<RTCRtpSender, string>();
    for (const pub of w.__breakout?.room?.localParticipant.trackPublications.values() ?? [])
      if (pub.track?.sender) owned.set(pub.track.sender, pub.kind ?? '?');
    const outbound = async () => {
      const out: unknown[] = [];
      for (const pc of w.__pcs) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'outbound-rtp' && s.kind === 'video')
            out.push({
              rid: s.rid,
              bytes: s.bytesSent,
              encoded: s.framesEncoded,
              sent: s.framesSent,
              limit: s.qualityLimitationReason,
              active: s.active,
              size: `${String(s.frameWidth)}x${String(s.frameHeight)}`,
            });
        });
      }
      return out;
    };
    const before = await outbound();
    await new Promise((r) => setTimeout(r, 1000));
    const after = await outbound();
    const senders = w.__pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) =>
        pc.getSenders().map((s) => ({
          pc: pc.connectionState,
          kind: s.track?.kind,
          trackState: s.track?.readyState,
          trackEnabled: s.track?.enabled,
          ownedBy: owned.get(s) ?? null,
          encodings: s
            .getParameters()
            .encodings.map((e) => ({ rid: e.rid, active: e.active, max: e.maxBitrate })),
        })),
      );
    const localPubs = [...(w.__breakout?.room?.localParticipant.trackPublications.values() ?? [])].map(
      (p) => ({
        kind: p.kind,
        hasSender: Boolean(p.track?.sender),
        trackState: p.track?.mediaStreamTrack.readyState,
      }),
    );
    const cameraSid =
      [...(w.__breakout?.room?.localParticipant.trackPublications.entries() ?? [])].find(
        ([, p]) => p.kind === 'video',
      )?.[0] ?? '';
    return {
      text: JSON.stringify({ room: w.__breakout?.room?.name, cameraSid, localPubs, senders, before, after }),
      cameraSid,
    };
  });
}

/**
 * What the media server decided about this camera's layers (its dynacast): each subscriber's wish, the
 * quality it committed, and what it told the publisher, from the log the test stack's server writes
 * (playwright.config.ts). Empty when there is no such log (a run against a deployment).
 */
export function serverQualityLog(trackSid: string): string {
  const file = process.env.E2E_DATA_DIR && path.join(process.env.E2E_DATA_DIR, 'livekit.log');
  if (!trackSid || !file || !fs.existsSync(file)) return '';
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes(`"trackID": "${trackSid}"`) && l.includes('dynacast/'))
    .map((l) => {
      // time, level, logger, caller, message, then the fields as JSON
      const [time = '', , , , message = '', json = '{}'] = l.split('\t');
      let fields: Record<string, unknown>;
      try {
        fields = JSON.parse(json) as Record<string, unknown>;
      } catch {
        return `  ${l.slice(0, 300)}`;
      }
      const keep = [
        'subscriberID',
        'quality',
        'force',
        'maxSubscribedQuality',
        'committedMaxSubscribedQuality',
        'subscribedCodecs',
      ];
      const picked = Object.fromEntries(keep.filter((k) => k in fields).map((k) => [k, fields[k]]));
      return `  ${time.slice(11)} ${message} ${JSON.stringify(picked)}`;
    });
  return `\nThe media server on ${trackSid} (last ${Math.min(lines.length, 40)} of ${lines.length}):\n${lines.slice(-40).join('\n')}`;
}

/** The state of the video from `name` as this page has it: publication, track, element and RTP stats. */
function videoDiagnosis(page: Page, name: string): Promise<string> {
  return page.evaluate(async (who) => {
    const w = window as unknown as {
      __pcs: RTCPeerConnection[];
      __breakout?: { room?: { name?: string; state?: string; remoteParticipants: Map<string, RemoteLike> } };
    };
    interface PubLike {
      kind?: string;
      isSubscribed?: boolean;
      isEnabled?: boolean;
      isMuted?: boolean;
      isDesired?: boolean;
      videoQuality?: number;
      dimensions?: unknown;
      track?: {
        streamState?: string;
        mediaStreamTrack: MediaStreamTrack;
        attachedElements?: HTMLMediaElement[];
      };
    }
    interface RemoteLike {
      name?: string;
      identity: string;
      trackPublications: Map<string, PubLike>;
    }
    const room = w.__breakout?.room;
    const p = [...(room?.remoteParticipants.values() ?? [])].find((r) => (r.name || r.identity) === who);
    const pubs = [...(p?.trackPublications.values() ?? [])].map((t) => ({
      kind: t.kind,
      subscribed: t.isSubscribed,
      enabled: t.isEnabled,
      muted: t.isMuted,
      desired: t.isDesired,
      quality: t.videoQuality,
      dimensions: t.dimensions,
      streamState: t.track?.streamState,
      trackState: t.track?.mediaStreamTrack.readyState,
      trackId: t.track?.mediaStreamTrack.id,
      elements: (t.track?.attachedElements ?? []).map((e) => {
        const r = e.getBoundingClientRect();
        return {
          w: Math.round(r.width),
          h: Math.round(r.height),
          paused: e.paused,
          connected: e.isConnected,
        };
      }),
    }));
    const ids = new Set(pubs.map((t) => t.trackId));
    const rtp: unknown[] = [];
    for (const pc of w.__pcs) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && ids.has(s.trackIdentifier as string))
          rtp.push({
            pc: pc.connectionState,
            packets: s.packetsReceived,
            frames: s.framesReceived,
            decoded: s.framesDecoded,
            keyFrames: s.keyFramesDecoded,
            plis: s.pliCount,
            firs: s.firCount,
            nacks: s.nackCount,
            size: `${String(s.frameWidth)}x${String(s.frameHeight)}`,
          });
      });
    }
    return JSON.stringify({
      room: room?.name,
      state: room?.state,
      remotes: [...(room?.remoteParticipants.values() ?? [])].map((r) => r.name || r.identity),
      publications: pubs,
      rtp,
      visibility: document.visibilityState,
    });
  }, name);
}
