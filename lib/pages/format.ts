// Formatting for server-rendered pages (one format everywhere, so dates read the same on every page).

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** "12 Mar 2026, 14:05" for an ISO timestamp; an em dash for none. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** The first value of a search parameter. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A 1-based page number from a search parameter; anything odd is page 1. */
export function pageParam(value: string | string[] | undefined): number {
  const n = Number(firstParam(value));
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** What a pager says: nothing when the list is empty (the list says so), "1 meeting", or a range. */
export function pagerSummary(
  page: number,
  perPage: number,
  total: number,
  noun: { one: string; other: string },
): string {
  if (total === 0) return '';
  const word = total === 1 ? noun.one : noun.other;
  if (total <= perPage && page === 1) return `${total} ${word}`;
  const first = (page - 1) * perPage + 1;
  const last = Math.min(page * perPage, total);
  return first > total ? `${total} ${word}` : `Showing ${first}–${last} of ${total} ${word}`;
}
