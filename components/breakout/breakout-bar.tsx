'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { BreakoutManager } from './breakout-manager';
import { locate } from './live-rooms';
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
}

/**
 * The call's breakout banner: which room this is ("Moving to Room 2…" while the media switches), the
 * person's own room controls when their preset allows them, the manager for hosts, and a live region
 * that announces every move (WCAG 2.2 SC 4.1.3).
 */
export function BreakoutBar({ cm, selfId, abilities }: BreakoutBarProps) {
  const view = useBreakoutView(cm);
  const { message, announce } = useAnnouncer();
  const [managing, setManaging] = useState(false);
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
          <RoomPicker cm={cm} view={view} selfId={selfId} at={at} abilities={abilities} />
          {abilities.manage && (
            <ManagerToggle
              cm={cm}
              selfId={selfId}
              open={managing}
              onOpenChange={setManaging}
              running={running}
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
  const others = (m?.participants ?? []).filter((p) => p.id !== selfId).map((p) => p.name);
  if (others.length === 0) return '';
  if (others.length > 4) return ` With ${others.slice(0, 3).join(', ')} and ${others.length - 3} others.`;
  return ` With ${others.length === 1 ? others[0] : `${others.slice(0, -1).join(', ')} and ${others.at(-1)}`}.`;
}

interface ManagerToggleProps {
  cm: ConnectedMeetings;
  selfId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  running: boolean;
}

/** "Breakout rooms" opens the manager in a panel beside the call; focus moves in and back out. */
function ManagerToggle({ cm, selfId, open, onOpenChange, running }: ManagerToggleProps) {
  const panelId = useId();
  const headingId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) closeButton.current?.focus();
    else if (wasOpen.current) toggle.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <>
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
      {open && (
        <aside
          id={panelId}
          aria-labelledby={headingId}
          onKeyDown={(e) => {
            // Escape during a keyboard drag cancels the drag, not the panel.
            const dragging = (e.target as HTMLElement).closest('[aria-pressed="true"]');
            if (e.key === 'Escape' && !dragging) onOpenChange(false);
          }}
          className="fixed inset-y-0 right-0 z-40 flex w-full max-w-3xl flex-col bg-white text-slate-900 shadow-2xl"
        >
          <header className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
            <h2 id={headingId} className="text-base font-semibold">
              Breakout rooms
            </h2>
            <button
              ref={closeButton}
              type="button"
              onClick={() => onOpenChange(false)}
              className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Close<span className="sr-only"> breakout rooms panel</span>
            </button>
          </header>
          <div className="min-h-0 flex-1 overflow-y-auto p-4">
            <BreakoutManager cm={cm} selfId={selfId} />
          </div>
        </aside>
      )}
    </>
  );
}
