'use client';

import { useId, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import {
  DEFAULT_WARNING_SECONDS,
  durationFromMinutes,
  MIN_TIMER_SECONDS,
  WARNING_SECONDS,
  type BreakoutTimer,
} from '@/lib/breakout/timer-clock';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { clock } from './countdown';
import { useTimerPhase } from './timer-banner';
import { useCommand } from './use-breakout';

/** What the host chose for a timer: minutes (blank for none), the warning and the switch. */
export interface TimerChoice {
  minutes: string;
  warning: number;
  autoClose: boolean;
}

export const noTimer = (): TimerChoice => ({
  minutes: '',
  warning: DEFAULT_WARNING_SECONDS,
  autoClose: true,
});

/** A choice as the API takes it, undefined for no timer, or a message when the minutes are not valid. */
export function timerBody(c: TimerChoice) {
  const seconds = durationFromMinutes(c.minutes);
  if (typeof seconds !== 'number') return seconds;
  return { duration_seconds: seconds, warning_seconds: c.warning, auto_close: c.autoClose };
}

/** Minutes, warning length and "close automatically": used when starting rooms and when setting a timer. */
export function TimerFields({
  value,
  onChange,
  legend,
}: {
  value: TimerChoice;
  onChange: (v: TimerChoice) => void;
  legend: string;
}) {
  const minutes = useId();
  const warning = useId();
  return (
    <fieldset className="flex flex-wrap items-end gap-3 text-sm">
      <legend className="mb-1 font-medium">{legend}</legend>
      <label htmlFor={minutes} className="flex flex-col gap-1">
        <span>Minutes</span>
        <input
          id={minutes}
          type="number"
          inputMode="decimal"
          min={0.5}
          max={1440}
          step="any"
          placeholder="No timer"
          value={value.minutes}
          onChange={(e) => onChange({ ...value, minutes: e.target.value })}
          className="w-24 rounded-md border border-slate-300 px-2 py-1"
        />
      </label>
      <label htmlFor={warning} className="flex flex-col gap-1">
        <span>Warning</span>
        <select
          id={warning}
          value={value.warning}
          onChange={(e) => onChange({ ...value, warning: Number(e.target.value) })}
          className="rounded-md border border-slate-300 px-2 py-1"
        >
          {WARNING_SECONDS.map((s) => (
            <option key={s} value={s}>
              {s} seconds before
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2 pb-1">
        <input
          type="checkbox"
          checked={value.autoClose}
          onChange={(e) => onChange({ ...value, autoClose: e.target.checked })}
          className="accent-indigo-600"
        />
        Close rooms automatically
      </label>
    </fieldset>
  );
}

interface TimerControlsProps {
  cm: ConnectedMeetings;
  timer: BreakoutTimer | null;
  announce: (message: string) => void;
}

/**
 * The host's timer while rooms run: time left, +5 min, −1 min, a new length, the warning, the switch and
 * Cancel. The server keeps the deadline: closing this page changes nothing.
 */
export function TimerControls({ cm, timer, announce }: TimerControlsProps) {
  const command = useCommand();
  const [choice, setChoice] = useState<TimerChoice>(noTimer);
  const [invalid, setInvalid] = useState<string>();
  const phase = useTimerPhase(timer);

  const adjust = async (seconds: number, what: string) => {
    if (await command.run(() => cm.setTimer({ adjust_seconds: seconds }))) announce(what);
  };
  const set = async () => {
    const body = timerBody(choice);
    if (typeof body !== 'object') {
      setInvalid(body ?? 'Enter how many minutes the rooms should run.');
      return;
    }
    setInvalid(undefined);
    if (await command.run(() => cm.setTimer(body))) {
      announce(`Timer set: rooms run ${choice.minutes} more minutes.`);
      setChoice({ ...choice, minutes: '' });
    }
  };

  return (
    <section aria-label="Breakout timer" className="space-y-2 rounded-lg border border-slate-200 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="mr-1 text-sm font-semibold">Timer</h3>
        {timer && phase ? (
          <>
            <p className="text-sm tabular-nums" data-testid="manager-timer">
              {phase.over ? 'Time is up' : `${clock(phase.left)} left`}
              {timer.auto_close ? ', then rooms close' : ', rooms stay open'}
            </p>
            <button
              type="button"
              disabled={command.pending}
              onClick={() => void adjust(300, 'Five minutes added to the timer.')}
              className={buttonClass('secondary', 'sm')}
            >
              +5 min
            </button>
            <button
              type="button"
              disabled={command.pending || phase.left <= 60 + MIN_TIMER_SECONDS}
              onClick={() => void adjust(-60, 'One minute taken off the timer.')}
              className={buttonClass('secondary', 'sm')}
            >
              −1 min<span className="sr-only">ute</span>
            </button>
            <label className="flex items-center gap-1.5 text-sm">
              Warning
              <select
                value={timer.warning_seconds}
                disabled={command.pending}
                onChange={(e) =>
                  void command.run(() =>
                    cm.setTimer({ adjust_seconds: 0, warning_seconds: Number(e.target.value) }),
                  )
                }
                className="rounded-md border border-slate-300 px-1.5 py-1"
              >
                {WARNING_SECONDS.map((s) => (
                  <option key={s} value={s}>
                    {s} s
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={timer.auto_close}
                disabled={command.pending}
                onChange={(e) =>
                  void command.run(() => cm.setTimer({ adjust_seconds: 0, auto_close: e.target.checked }))
                }
                className="accent-indigo-600"
              />
              Close automatically
            </label>
            <button
              type="button"
              disabled={command.pending}
              onClick={async () => {
                if (await command.run(() => cm.cancelTimer())) announce('Timer cancelled. Rooms stay open.');
              }}
              className={buttonClass('ghost', 'sm')}
            >
              Cancel timer
            </button>
          </>
        ) : (
          <p className="text-sm text-slate-600">No timer: rooms run until you close them.</p>
        )}
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void set();
        }}
      >
        <TimerFields
          value={choice}
          onChange={setChoice}
          legend={timer ? 'Set a new length' : 'Set a timer'}
        />
        <button type="submit" disabled={command.pending} className={buttonClass('primary', 'sm')}>
          {timer ? 'Set timer' : 'Start timer'}
        </button>
      </form>
      {(invalid || command.error) && (
        <p role="alert" className="text-sm text-red-700">
          {invalid ?? command.error}
        </p>
      )}
    </section>
  );
}
