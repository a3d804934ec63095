'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { emptyDraft, remember, undoStep, withoutGone, type Draft } from '@/lib/breakout/draft';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { errorMessage } from './use-breakout';

/**
 * The hosts' shared draft, kept on the server: loaded once, then re-rendered from every draft_updated
 * event, so every host sees the same draft and a reload keeps it. A change shows at once and is saved in
 * order; while this page's own saves are in flight, echoes of earlier ones are not applied over it.
 */
export function useDraft(cm: ConnectedMeetings, present: ReadonlySet<string>) {
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<string>();
  const latest = useRef<Draft>(undefined);
  const pending = useRef(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const presentRef = useRef(present);
  // This page's own changes, newest last: Undo puts back the draft before the last one.
  const past = useRef<Draft[]>([]);
  const [canUndo, setCanUndo] = useState(false);
  useEffect(() => {
    presentRef.current = present;
  });

  const show = useCallback((d: Draft) => {
    latest.current = d;
    setDraft(d);
  }, []);

  useEffect(() => {
    let live = true;
    const off = cm.on('draftUpdate', (d) => {
      if (pending.current === 0) show(d);
    });
    cm.getDraft().then(
      (r) => {
        if (live && !latest.current) show(r.draft);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
      off();
    };
  }, [cm, show]);

  /** Applies a change to the newest draft and saves it; resolves whether the server took it. */
  const save = useCallback(
    (fn: (d: Draft) => Draft, record: boolean): Promise<boolean> => {
      const before = latest.current ?? emptyDraft();
      const next = withoutGone(fn(before), presentRef.current);
      if (record) {
        past.current = remember(past.current, before);
        setCanUndo(true);
      }
      show(next);
      setError(undefined);
      pending.current++;
      const saved = queue.current.then(
        () => cm.saveDraft(next).then(() => true),
        () => false,
      );
      const done = saved.then(
        (ok) => ok,
        async (err: unknown) => {
          setError(errorMessage(err));
          // Show what the server has, not a change it refused.
          await cm.getDraft().then(
            (r) => show(r.draft),
            () => undefined,
          );
          return false;
        },
      );
      queue.current = done.finally(() => pending.current--);
      return done;
    },
    [cm, show],
  );

  const change = useCallback((fn: (d: Draft) => Draft) => save(fn, true), [save]);

  /** One step back: the draft as it was before this page's last change, saved for every host. */
  const undo = useCallback(async () => {
    const step = undoStep(past.current);
    if (!step) return false;
    past.current = step.past;
    setCanUndo(step.past.length > 0);
    return save(() => step.draft, false);
  }, [save]);

  return { draft, change, undo, canUndo, error };
}
