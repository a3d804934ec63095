// Pure arithmetic of a session's connections: time spans merged per person (two tabs, or a move's overlap,
// count once), totals, and the most people there at once. No I/O: unit-tested beside it.

export interface Span {
  from: number;
  to: number;
}

export interface ConnectionSpan extends Span {
  participantId: string;
  room: string;
}

/** Spans merged where they overlap or touch, in time order. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.to >= s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** Total milliseconds covered by spans (overlaps counted once). */
export const coveredMs = (spans: Span[]) => mergeSpans(spans).reduce((sum, s) => sum + s.to - s.from, 0);

/** Groups values by a key, keeping first-seen order. */
export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The most distinct people present at the same moment (a person's own overlapping spans count once). */
export function maxConcurrent(spans: ConnectionSpan[]): number {
  const points: Array<[number, number]> = [];
  for (const list of groupBy(spans, (s) => s.participantId).values()) {
    for (const s of mergeSpans(list)) points.push([s.from, 1], [s.to, -1]);
  }
  // At equal times a leave comes before a join: back-to-back spans are not "at once".
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of points) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}

/** Minutes with two decimals, as the sessions API reports durations. */
export const toMinutes = (ms: number) => Math.round(ms / 600) / 100;
