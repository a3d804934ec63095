'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { RoomTools, type RoomToolsOptions, type RoomToolsView } from '@/lib/client/room-tools';

/** One RoomTools client for the page's ConnectedMeetings, started while the component lives. */
export function useRoomTools(
  cm: ConnectedMeetings,
  options: RoomToolsOptions,
  initialMeetingId: string,
): [RoomTools, RoomToolsView] {
  const [tools] = useState(() => new RoomTools(cm, options, initialMeetingId));
  useEffect(() => tools.start(), [tools]);
  const view = useSyncExternalStore(tools.subscribe, tools.get, tools.get);
  return [tools, view];
}
