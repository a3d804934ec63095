'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { BreakoutManager } from './breakout-manager';
import { clock, useCountdownAnnouncements, useSecondsLeft } from './countdown';
import { locate } from './live-rooms';
import { TimerBadge, useTimerAnnouncements } from './timer-banner';
import { RoomPicker, type BreakoutAbilities } from './room-picker';
import {
  meetingTitle,
  useAnnouncer,
  useBreakoutView,
  useMoveEvents,
  type BreakoutView,
} from './use-breakout';

interface BreakoutBarProps {
  cm: ConnectedMeetings;
  selfId: string;
  abilities: BreakoutAbilities;
  /** Whether the host's manager panel (BreakoutPanel, beside the call) is open. */
  managing: boolean;
  onManagingChange: (open: boolean) => void;
  /** The id of the manager panel, for the toggle's aria-controls. */
  panelId: string;
  /** The person points at a room they may pick (RoomPicker's `onPoint`). */
  onPoint?: (roomId: string) => void;
}

/**
 * The call's breakout banner: which room this is ("Moving to Room 2…" while the media switches), the
 * person's own room controls when their preset allows them, the manager for hosts, and a live region
 * that announces every move (WCAG 2.2 SC 4.1.3).
 */
export function BreakoutBar({
  cm,
  selfId,
  abilities,
  managing,
  onManagingChange,
  panelId,
  onPoint,
}: BreakoutBarProps) {
  const view = useBreakoutView(cm);
  const { message, announce } = useAnnouncer();
  const left = useSecondsLeft(view.closesAt);
  useCountdownAnnouncements(view.closesAt, left, announce, view.rooms.length > 0);
  useTimerAnnouncements(view.timer, announce, view.rooms.length > 0);
  const latest = useRef(view);
  useEffect(() => {
    latest.current = view;
  });

  useMoveEvents(cm, ({ phase, meetingId, error }) => {
    const v = latest.current;
    if (phase === 'moving') announce(`Moving you to ${meetingTitle(v, meetingId)}…`);
    else if (phase === 'moved')
      announce(`You are now in ${meetingTitle(v, meetingId)}.${withWhom(v, meetingId, selfId)}`);
    else announce(`Your move did not finish: ${error ?? 'unknown error'}.`);
  });

  const at = locate(view, selfId) ?? view.current;
  const running = view.rooms.length > 0;
  const visible = running || view.current !== view.parent.id || !!view.movingTo || abilities.manage;
  const here = meetingTitle(view, view.current);

  return (
    <>
      <p role="status" aria-live="polite" className="sr-only">
        {message}
      </p>
      {visible && (
        <section
          aria-label="Your room"
          className="mx-3 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg bg-slate-800 px-4 py-2 text-sm text-white"
        >
          {view.movingTo ? (
            <p className="flex items-center gap-2 font-medium">
              <span
                aria-hidden="true"
                className="size-3 animate-spin rounded-full border-2 border-white/30 border-t-white"
              />
              Moving to {meetingTitle(view, view.movingTo)}…
            </p>
          ) : (
            <p>
              <span className="text-slate-300">You are in </span>
              <strong className="font-semibold">{here}</strong>
              {running && view.current === view.parent.id && !abilities.manage && (
                <span className="text-slate-300"> · breakout rooms are running</span>
              )}
            </p>
          )}
          {left !== undefined && (
            <p className="rounded-md bg-amber-400 px-2.5 py-1 font-semibold text-slate-950">
              Rooms close in <span className="tabular-nums">{clock(left)}</span>
              <span className="font-normal"> · everyone returns to the main meeting</span>
            </p>
          )}
          {running && <TimerBadge timer={view.timer} />}
          <RoomPicker cm={cm} view={view} selfId={selfId} at={at} abilities={abilities} onPoint={onPoint} />
          {abilities.manage && (
            <ManagerToggle
              open={managing}
              onOpenChange={onManagingChange}
              running={running}
              panelId={panelId}
            />
          )}
          {view.switchError && (
            <p role="alert" className="w-full text-red-200">
              Moving your audio and video did not finish ({view.switchError}). Reload the page to join {here}.
            </p>
          )}
        </section>
      )}
    </>
  );
}

function withWhom(view: BreakoutView, meetingId: string | undefined, selfId: string) {
  const m = [view.parent, ...view.rooms].find((x) => x.id === meetingId);
  // Only people connected there: someone listed who never joined (or left) is not "with" anyone.
  const others = (m?.participants ?? []).filter((p) => p.id !== selfId && p.connected).map((p) => p.name);
  if (others.length === 0) return '';
  if (others.length > 4) return ` With ${others.slice(0, 3).join(', ')} and ${others.length - 3} others.`;
  return ` With ${others.length === 1 ? others[0] : `${others.slice(0, -1).join(', ')} and ${others.at(-1)}`}.`;
}

interface ManagerToggleProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  running: boolean;
  panelId: string;
}

/** "Breakout rooms" opens the manager in a panel beside the call; focus comes back here when it closes. */
function ManagerToggle({ open, onOpenChange, running, panelId }: ManagerToggleProps) {
  const toggle = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) toggle.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <button
      ref={toggle}
      type="button"
      aria-expanded={open}
      aria-controls={panelId}
      onClick={() => onOpenChange(!open)}
      className="ml-auto rounded-md bg-indigo-500 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
    >
      {running ? 'Manage breakout rooms' : 'Breakout rooms'}
    </button>
  );
}

interface BreakoutPanelProps {
  cm: ConnectedMeetings;
  selfId: string;
  id: string;
  onClose: () => void;
  /** The hosts' room tools: Broadcast and the help inbox. */
  hostTools?: ReactNode;
}

/**
 * The host's manager beside the call, not over it: the call's controls (Chat, Help requests, Broadcast,
 * Leave) stay in reach. On a narrow screen it covers the video but stops above the controls.
 */
export function BreakoutPanel({ cm, selfId, id, onClose, hostTools }: BreakoutPanelProps) {
  const headingId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  return (
    <aside
      id={id}
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        // Escape during a keyboard drag cancels the drag, not the panel; a dialog handles its own.
        const target = e.target as HTMLElement;
        const dragging = target.closest('[aria-pressed="true"]');
        if (e.key === 'Escape' && !dragging && !target.closest('dialog')) onClose();
      }}
      className="fixed inset-x-0 top-0 bottom-28 z-40 flex flex-col bg-white text-slate-900 shadow-2xl sm:static sm:z-auto sm:w-[min(44rem,60vw)] sm:shrink-0 sm:rounded-xl"
    >
      <header className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} className="text-base font-semibold">
          Breakout rooms
        </h2>
        <button
          ref={closeButton}
          type="button"
          onClick={onClose}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Close<span className="sr-only"> breakout rooms panel</span>
        </button>
      </header>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4">
        {hostTools}
        <BreakoutManager cm={cm} selfId={selfId} />
      </div>
    </aside>
  );
}
