'use client';

import { useEffect, useState } from 'react';
import { DashboardRoomTools } from '@/components/rooms/dashboard-room-tools';
import type { FormAction } from '@/lib/actions/form-state';
import { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { BreakoutManager } from './breakout-manager';
import { breakoutStore } from './use-breakout';

/**
 * The dashboard's live view of a meeting's breakout rooms: the signed-in host manages them without a seat
 * in the call (the event stream and the commands accept their dashboard session), reads every room's
 * chat and polls, broadcasts, and answers help requests.
 */
export function DashboardBreakout({
  meetingId,
  joinAction,
  inactive = false,
}: {
  meetingId: string;
  joinAction: FormAction;
  /** The meeting is inactive: only the rooms can be prepared (draft, CSV plan, saved plans). */
  inactive?: boolean;
}) {
  const [cm] = useState(() => {
    const client = new ConnectedMeetings(meetingId, undefined, meetingId);
    breakoutStore(client);
    return client;
  });
  useEffect(() => {
    cm.start();
    return () => cm.stop();
  }, [cm]);
  return (
    <div className="space-y-6">
      <BreakoutManager cm={cm} />
      {!inactive && <DashboardRoomTools cm={cm} joinAction={joinAction} />}
    </div>
  );
}
