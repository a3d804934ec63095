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

/** Video from `name` keeps arriving at this person's page. */
export async function expectMediaFrom(person: MeetingPage, name: string) {
  const first = (await inboundByName(person.page))[name]?.video ?? 0;
  await expect
    .poll(async () => (await inboundByName(person.page))[name]?.video ?? 0, {
      timeout: 60_000,
      intervals: [1000],
      message: `${person.name} receives video from ${name}`,
    })
    .toBeGreaterThan(first);
}
