'use client';

import { useEffect, useState } from 'react';
import { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { BreakoutManager } from './breakout-manager';
import { breakoutStore } from './use-breakout';

/**
 * The dashboard's live view of a meeting's breakout rooms: the signed-in host manages them without a seat
 * in the call (the event stream and the commands accept their dashboard session).
 */
export function DashboardBreakout({ meetingId }: { meetingId: string }) {
  const [cm] = useState(() => {
    const client = new ConnectedMeetings(meetingId, undefined, meetingId);
    breakoutStore(client);
    return client;
  });
  useEffect(() => {
    cm.start();
    return () => cm.stop();
  }, [cm]);
  return <BreakoutManager cm={cm} />;
}
