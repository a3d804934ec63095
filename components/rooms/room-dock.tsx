'use client';

import { useCallback, useEffect, useId, useState } from 'react';
import { meetingTitle, useBreakoutView } from '@/components/breakout/use-breakout';
import { CloseIcon } from '@/components/meeting/icons';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import type { HelpRequestDto } from '@/lib/events/room-events';
import type { RoomRights } from '@/lib/rooms/rights';
import { BroadcastDialog } from './broadcast-dialog';
import { ChatPanel } from './chat-panel';
import { AskForHelp, HelpInbox } from './help';
import { PollsPanel } from './polls-panel';
import { Toasts } from './toasts';
import { useRoomTools } from './use-room-tools';

type Tab = 'chat' | 'polls' | 'help';

interface RoomDockOptions {
  cm: ConnectedMeetings;
  selfId: string;
  currentMeetingId: string;
  rights: RoomRights;
}

/**
 * The call's room tools: Chat and Polls buttons (with unread counts) for the controls, a side panel with
 * the meeting's chat, polls and (for hosts) help requests, the broadcast dialog for hosts, "Ask for help"
 * for participants in a breakout room, and the toasts. Everything follows the person from room to room.
 */
export function useRoomDock({ cm, selfId, currentMeetingId, rights }: RoomDockOptions) {
  const [tools, view] = useRoomTools(
    cm,
    { selfId, hostPowers: rights.hostPowers, canViewPolls: rights.canViewPolls },
    currentMeetingId,
  );
  const breakout = useBreakoutView(cm);
  const [tab, setTab] = useState<Tab | undefined>();
  const panelId = useId();
  useEffect(() => {
    tools.setChatVisible(tab === 'chat');
    tools.setPollsVisible(tab === 'polls');
  }, [tools, tab]);
  const toggle = (t: Tab) => setTab((open) => (open === t ? undefined : t));
  const place = meetingTitle(breakout, view.meetingId);
  const inRoom = view.meetingId !== cm.mainMeetingId;

  // One click: move this host's own seat into the room (media follows) and take the request.
  const join = useCallback((r: HelpRequestDto) => tools.takeHelpRequest(r, true), [tools]);

  const button = (t: Tab, label: string, count: number) => (
    <button
      type="button"
      aria-expanded={tab === t}
      aria-controls={panelId}
      aria-label={count > 0 ? `${label}, ${count} new` : label}
      onClick={() => toggle(t)}
      className={`relative inline-flex h-12 items-center gap-1.5 rounded-full px-4 text-sm font-medium text-white ${
        tab === t ? 'bg-indigo-600' : 'bg-slate-700 hover:bg-slate-600'
      }`}
    >
      {label}
      {count > 0 && (
        <span aria-hidden="true" className="rounded-full bg-rose-500 px-1.5 text-xs font-semibold">
          {count}
        </span>
      )}
    </button>
  );

  const buttons = (
    <>
      {button('chat', 'Chat', view.unread)}
      {rights.canViewPolls && button('polls', 'Polls', view.newPolls)}
      {rights.hostPowers && button('help', 'Help requests', view.inbox.length)}
      {rights.hostPowers && (
        <BroadcastDialog
          tools={tools}
          meetings={[{ id: breakout.parent.id, title: 'Main meeting' }, ...breakout.rooms]}
        />
      )}
    </>
  );

  const titles: Record<Tab, string> = {
    chat: `Chat · ${place}`,
    polls: `Polls · ${place}`,
    help: 'Help requests',
  };
  const panel = tab && (
    <aside
      id={panelId}
      aria-labelledby={`${panelId}-title`}
      className="fixed inset-0 z-30 flex flex-col bg-slate-900 sm:static sm:z-auto sm:w-80 sm:shrink-0 sm:rounded-xl sm:border sm:border-white/10"
    >
      <header className="flex items-center justify-between border-b border-white/10 px-4 py-3">
        <h2 id={`${panelId}-title`} className="text-sm font-semibold text-white">
          {titles[tab]}
        </h2>
        <button
          type="button"
          onClick={() => setTab(undefined)}
          className="rounded-full p-1.5 text-slate-300 hover:bg-white/10"
        >
          <CloseIcon />
          <span className="sr-only">Close {tab === 'help' ? 'help requests' : tab}</span>
        </button>
      </header>
      {tab === 'chat' && (
        <ChatPanel tools={tools} view={view} place={place} canSend={rights.canSend} selfId={selfId} />
      )}
      {tab === 'polls' && (
        <PollsPanel
          tools={tools}
          view={view}
          place={place}
          canCreate={rights.canCreatePolls}
          canVote={rights.canVote}
        />
      )}
      {tab === 'help' && (
        <div className="overflow-y-auto p-3">
          <HelpInbox tools={tools} view={view} join={join} />
        </div>
      )}
    </aside>
  );

  const helpBar = !rights.hostPowers && inRoom && (
    <div className="mx-3 rounded-lg bg-slate-800 px-4 py-2">
      <AskForHelp tools={tools} view={view} />
    </div>
  );

  // For the breakout manager's panel: the hosts' broadcast and help inbox beside the rooms they concern.
  const hostTools = rights.hostPowers && (
    <div className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-slate-200 p-3">
      <HelpInbox tools={tools} view={view} join={join} tone="light" />
      <BroadcastDialog
        tools={tools}
        meetings={[{ id: breakout.parent.id, title: 'Main meeting' }, ...breakout.rooms]}
        tone="light"
      />
    </div>
  );

  const overlay = <Toasts tools={tools} view={view} join={rights.hostPowers ? join : undefined} />;
  return { buttons, panel, helpBar, overlay, hostTools };
}
