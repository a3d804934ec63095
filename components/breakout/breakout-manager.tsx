'use client';

import { useState } from 'react';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { CsvImport } from './csv-import';
import { DraftEditor } from './draft-editor';
import { LiveRooms } from './live-rooms';
import { SavedPlans } from './saved-plans';
import { useAnnouncer, useBreakoutView } from './use-breakout';

interface BreakoutManagerProps {
  cm: ConnectedMeetings;
  /** The manager's own seat, when they are in the call (Visit moves it); undefined on the dashboard. */
  selfId?: string;
}

/**
 * The host's breakout manager: the shared draft before rooms run, the live rooms while they do. Every
 * host sees the same state, re-rendered from the server's events.
 */
export function BreakoutManager({ cm, selfId }: BreakoutManagerProps) {
  const view = useBreakoutView(cm);
  const { message, announce } = useAnnouncer();
  // The control that replaced the one just used takes focus (the page body would otherwise).
  const [focusNext, setFocusNext] = useState<'created' | 'started'>();
  return (
    <div className="space-y-3 text-slate-900">
      {view.reconnecting && (
        <p className="rounded-lg bg-amber-100 px-3 py-2 text-sm text-amber-900">
          Reconnecting to the server… what you see may be a few seconds old.
        </p>
      )}
      {!view.loaded ? (
        <p className="text-sm text-slate-600">Loading breakout rooms…</p>
      ) : view.rooms.length > 0 ? (
        <LiveRooms
          cm={cm}
          view={view}
          selfId={selfId}
          announce={announce}
          focusOnMount={focusNext === 'started'}
        />
      ) : (
        <DraftEditor
          cm={cm}
          view={view}
          selfId={selfId}
          announce={announce}
          onDone={setFocusNext}
          focusAssign={focusNext === 'created'}
        />
      )}
      {view.loaded && (
        <div className="space-y-3">
          {view.rooms.length === 0 && <CsvImport cm={cm} announce={announce} />}
          <SavedPlans cm={cm} running={view.rooms.length > 0} announce={announce} />
        </div>
      )}
      <p role="status" aria-live="polite" className="sr-only">
        {message}
      </p>
    </div>
  );
}
