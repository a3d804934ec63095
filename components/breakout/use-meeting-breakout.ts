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
  /** Carries the call to another meeting's media room; the latest one given is used. */
  switchMedia: SwitchMedia;
}

/**
 * The page's one ConnectedMeetings client: created once and kept for the page's lifetime, so its
 * listeners survive every room switch. After a move the server page is refreshed, so the rights shown
 * follow the preset that applies in the new room.
 */
export function useMeetingBreakout({
  mainMeetingId,
  selfId,
  currentMeetingId,
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
    const off = cm.on('meetingChanged', () => router.refresh());
    cm.start();
    return () => {
      off();
      hidden();
      cm.stop();
    };
  }, [cm, router]);
  return cm;
}
