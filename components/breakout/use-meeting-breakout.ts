'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ConnectedMeetings, type SwitchMedia } from '@/lib/client/connected-meetings';
import { exposeBreakoutForTests } from './test-hook';
import { breakoutStore } from './use-breakout';

interface MeetingBreakoutOptions {
  mainMeetingId: string;
  selfId: string;
  /** The meeting the server had this participant in when the page was rendered. */
  currentMeetingId: string;
  /** The preset the page was rendered with. */
  presetName: string;
  /** Carries the call to another meeting's media room; the latest one given is used. */
  switchMedia: SwitchMedia;
}

/**
 * The page's one ConnectedMeetings client: created once and kept for the page's lifetime, so its
 * listeners survive every room switch. When the preset that applies to this person changes (a move with
 * a custom preset, or the host changed it), the server page is refreshed, so the rights shown follow it.
 */
export function useMeetingBreakout({
  mainMeetingId,
  selfId,
  currentMeetingId,
  presetName,
  switchMedia,
}: MeetingBreakoutOptions) {
  const router = useRouter();
  const [cm] = useState(() => {
    const client = new ConnectedMeetings(mainMeetingId, selfId, currentMeetingId);
    breakoutStore(client);
    return client;
  });
  useEffect(() => {
    cm.setSwitchMedia(switchMedia);
  }, [cm, switchMedia]);
  useEffect(() => {
    const hidden = exposeBreakoutForTests(cm);
    cm.start();
    return () => {
      hidden();
      cm.stop();
    };
  }, [cm]);
  useEffect(() => {
    let asked: string | undefined;
    return cm.on('stateUpdate', ({ meetings, parentMeeting }) => {
      const me = [parentMeeting, ...meetings].flatMap((m) => m.participants).find((p) => p.id === selfId);
      if (me && me.preset_name !== presetName && me.preset_name !== asked) {
        asked = me.preset_name;
        router.refresh();
      }
    });
  }, [cm, router, selfId, presetName]);
  return cm;
}
