import { describe, expect, it } from 'vitest';
import { adjustEnd, dueAt, durationFromMinutes, timerPhase, type BreakoutTimer } from './timer-clock';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s));
const timer = (endsAt: Date, warning = 10, autoClose = true): BreakoutTimer => ({
  ends_at: endsAt.toISOString(),
  warning_seconds: warning,
  auto_close: autoClose,
});

describe('dueAt', () => {
  it('an auto-closing timer is the deadline when no close countdown is pending', () => {
    expect(dueAt(null, timer(at(30)))).toEqual(at(30));
  });
  it('a timer that only warns closes nothing', () => {
    expect(dueAt(null, timer(at(30), 10, false))).toBeNull();
    expect(dueAt(at(50), timer(at(30), 10, false))).toEqual(at(50));
  });
  it('the earlier of a close countdown and the timer wins', () => {
    expect(dueAt(at(20), timer(at(30)))).toEqual(at(20));
    expect(dueAt(at(40), timer(at(30)))).toEqual(at(30));
  });
  it('nothing pending: no deadline', () => {
    expect(dueAt(null, null)).toBeNull();
  });
});

describe('adjustEnd', () => {
  it('+5 min and −1 min move the end', () => {
    expect(adjustEnd(at(50), 300, at(0))).toEqual({ ok: true, endsAt: at(350) });
    expect(adjustEnd(at(300), -60, at(0))).toEqual({ ok: true, endsAt: at(240) });
  });
  it('a shortening that leaves less than 10 s is refused with the time left', () => {
    const out = adjustEnd(at(45), -60, at(0));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toContain('45 s left');
  });
  it('an end further than 24 hours from now is refused', () => {
    expect(adjustEnd(at(0), 86_400 + 1, at(0)).ok).toBe(false);
  });
});

describe('timerPhase', () => {
  const t = timer(at(60), 10);
  it('before the warning: time left, no warning', () => {
    expect(timerPhase(t, at(0).getTime())).toEqual({ left: 60, warning: false, over: false });
    expect(timerPhase(t, at(49).getTime() + 500)).toEqual({ left: 11, warning: false, over: false });
  });
  it('inside the warning window, including a page loaded during it', () => {
    expect(timerPhase(t, at(50).getTime())).toEqual({ left: 10, warning: true, over: false });
    expect(timerPhase(t, at(59).getTime() + 900)).toEqual({ left: 1, warning: true, over: false });
  });
  it('at and after the end: over, never negative', () => {
    expect(timerPhase(t, at(60).getTime())).toEqual({ left: 0, warning: false, over: true });
    expect(timerPhase(t, at(90).getTime())).toEqual({ left: 0, warning: false, over: true });
  });
});

describe('durationFromMinutes', () => {
  it('minutes become seconds, half a minute is 30 s', () => {
    expect(durationFromMinutes('0.5')).toBe(30);
    expect(durationFromMinutes(' 15 ')).toBe(900);
  });
  it('blank means no timer', () => {
    expect(durationFromMinutes('')).toBeUndefined();
  });
  it('too short, too long or not a number is a message', () => {
    for (const bad of ['0.1', '1441', 'abc', '-3'])
      expect(durationFromMinutes(bad)).toMatch(/between 10 seconds/);
  });
});
