// Times and durations on the session report (server-rendered, UTC so every host reads the same).

const clock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium', timeZone: 'UTC' });

/** "14:05:09" for an ISO time; "still there" for none. */
export const clockText = (iso: string | null) => (iso ? clock.format(new Date(iso)) : 'still there');

/** 12.5 → "12 min 30 s". */
export function minutesText(minutes: number): string {
  const s = Math.round(minutes * 60);
  const m = Math.floor(s / 60);
  return m ? `${m} min ${s % 60} s` : `${s} s`;
}
