'use client';

import { useCallback, useEffect, useId } from 'react';
import { useBreakoutView } from '@/components/breakout/use-breakout';
import { idle, type FormAction } from '@/lib/actions/form-state';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import type { HelpRequestDto } from '@/lib/events/room-events';
import { BroadcastDialog } from './broadcast-dialog';
import { ChatPanel } from './chat-panel';
import { HelpInbox } from './help';
import { PollsPanel } from './polls-panel';
import { Toasts } from './toasts';
import { useRoomTools } from './use-room-tools';

/**
 * The dashboard's view of every room's chat and polls (the host picks a room), the help inbox, and the
 * broadcast dialog. "Join" on a help request opens the call with the host's seat already in that room.
 */
export function DashboardRoomTools({ cm, joinAction }: { cm: ConnectedMeetings; joinAction: FormAction }) {
  const [tools, view] = useRoomTools(cm, { hostPowers: true, canViewPolls: true }, cm.mainMeetingId);
  const breakout = useBreakoutView(cm);
  const pickId = useId();
  const meetings = [{ id: breakout.parent.id, title: 'Main meeting' }, ...breakout.rooms];
  const shown = meetings.find((m) => m.id === view.meetingId);
  // The room being read was closed: go back to the main meeting's chat.
  useEffect(() => {
    if (breakout.loaded && !shown) tools.show(cm.mainMeetingId);
  }, [breakout.loaded, shown, tools, cm.mainMeetingId]);
  useEffect(() => tools.setChatVisible(true), [tools]);

  const join = useCallback(
    async (r: HelpRequestDto) => {
      const form = new FormData();
      form.set('meeting_id', cm.mainMeetingId);
      form.set('room_id', r.meeting_id);
      form.set('help_request_id', r.id);
      const result = await joinAction(idle, form);
      if (result.status === 'error' || result.status === 'invalid')
        throw new Error(result.message ?? 'Could not join.');
    },
    [cm.mainMeetingId, joinAction],
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <HelpInbox tools={tools} view={view} join={join} tone="light" />
        <BroadcastDialog tools={tools} meetings={meetings} tone="light" />
      </div>
      <section aria-labelledby={`${pickId}-h`} className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h3 id={`${pickId}-h`} className="text-sm font-semibold text-slate-900">
            Chat and polls
          </h3>
          <label htmlFor={pickId} className="sr-only">
            Room to read
          </label>
          <select
            id={pickId}
            value={view.meetingId}
            onChange={(e) => tools.show(e.target.value)}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            {meetings.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-3 md:grid-cols-2">
          <div className="flex h-80 flex-col rounded-lg border border-slate-200">
            <ChatPanel
              tools={tools}
              view={view}
              place={shown?.title ?? 'Main meeting'}
              canSend
              tone="light"
            />
          </div>
          <div className="flex h-80 flex-col rounded-lg border border-slate-200">
            <PollsPanel
              tools={tools}
              view={view}
              place={shown?.title ?? 'Main meeting'}
              canCreate
              canVote={false}
              tone="light"
            />
          </div>
        </div>
      </section>
      <Toasts tools={tools} view={view} join={join} />
    </div>
  );
}
