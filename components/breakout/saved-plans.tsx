'use client';

import { useEffect, useId, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import type { PlanSummary } from '@/lib/breakout/events';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { errorMessage } from './use-breakout';

/** The meeting's plans, kept live from plans_updated events (loaded once, then pushed by the server). */
function usePlans(cm: ConnectedMeetings) {
  const [plans, setPlans] = useState<PlanSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const off = cm.on('plansUpdate', (p) => setPlans(p));
    cm.listPlans().then(
      (p) => live && setPlans((now) => now ?? p),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
      off();
    };
  }, [cm]);
  return { plans, error };
}

interface SavedPlansProps {
  cm: ConnectedMeetings;
  /** Rooms are running: Save keeps them as they are; applying waits until they close. */
  running: boolean;
  announce: (message: string) => void;
}

/** Save the draft (or the running rooms) as a named plan; apply or delete plans; recreate the last rooms. */
export function SavedPlans({ cm, running, announce }: SavedPlansProps) {
  const id = useId();
  const { plans, error: loadError } = usePlans(cm);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      announce(await what());
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const apply = (p: PlanSummary) =>
    act(async () => {
      const r = await cm.applyPlan(p.id);
      const gone = r.dropped.length;
      return (
        `${p.automatic ? 'Last rooms recreated in the draft' : `Plan ${p.name} applied to the draft`}: ` +
        `${p.rooms} rooms` +
        (gone
          ? `; ${gone} ${gone === 1 ? 'person is' : 'people are'} no longer in the meeting.`
          : '. Start when ready.')
      );
    });
  const last = plans?.find((p) => p.automatic);
  const named = plans?.filter((p) => !p.automatic) ?? [];

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3 border-t border-slate-200 pt-3">
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        Saved plans
      </h3>
      {!running && last && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void apply(last)}
          className={buttonClass('secondary', 'sm')}
        >
          Recreate last rooms ({last.rooms} rooms, {last.assigned} people)
        </button>
      )}
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const n = name.trim();
          if (!n) return;
          void act(async () => {
            await cm.savePlan(n);
            setName('');
            return `Plan ${n} saved.`;
          });
        }}
      >
        <label className="flex flex-col text-xs text-slate-700">
          {running ? 'Save the running rooms as a plan' : 'Save the draft as a plan'}
          <input
            value={name}
            maxLength={80}
            required
            onChange={(e) => setName(e.target.value)}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <button type="submit" disabled={busy} className={buttonClass('secondary', 'sm')}>
          Save as plan
        </button>
      </form>
      {(error ?? loadError) && (
        <p role="alert" className="text-sm text-red-700">
          {error ?? loadError}
        </p>
      )}
      {named.length === 0 ? (
        <p className="text-xs text-slate-600">No saved plans yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {named.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-2 py-1.5">
              <span className="min-w-0 flex-1">
                <span className="font-medium">{p.name}</span>{' '}
                <span className="text-slate-600">
                  {p.rooms} rooms, {p.assigned} people
                </span>
              </span>
              {!running && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void apply(p)}
                  className={buttonClass('secondary', 'sm')}
                >
                  Apply<span className="sr-only"> {p.name}</span>
                </button>
              )}
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    await cm.deletePlan(p.id);
                    return `Plan ${p.name} deleted.`;
                  })
                }
                className={buttonClass('ghost-danger', 'sm')}
              >
                Delete<span className="sr-only"> {p.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
