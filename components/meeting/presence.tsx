'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';

const POLL_MS = 2000;

interface Presence {
  /** participant id → the media room they are connected to; undefined until the first answer. */
  connected?: Record<string, string>;
}

const PresenceContext = createContext<Presence>({});

/** Polls who of this meeting's participants is connected to media, for the status cells below it. */
export function PresenceProvider({ meetingId, children }: { meetingId: string; children: ReactNode }) {
  const [presence, setPresence] = useState<Presence>({});
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        if (document.visibilityState === 'visible') {
          const res = await fetch(`/dashboard/meetings/${meetingId}/presence`, { cache: 'no-store' });
          if (res.ok) {
            const body = (await res.json()) as { connected: Record<string, string> };
            if (live) setPresence({ connected: body.connected });
          }
        }
      } catch {
        // offline for a moment: keep the last answer and ask again
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [meetingId]);
  return <PresenceContext.Provider value={presence}>{children}</PresenceContext.Provider>;
}

/** "Connected" or "Not connected" for one participant, kept current by the provider's polling. */
export function PresenceStatus({ participantId }: { participantId: string }) {
  const { connected } = useContext(PresenceContext);
  if (!connected) return <span className="text-xs text-slate-600">Checking…</span>;
  return connected[participantId] ? (
    <Badge tone="green">Connected</Badge>
  ) : (
    <Badge tone="gray">Not connected</Badge>
  );
}
