import { z } from 'zod';

export const pagingQuerySchema = z.object({
  page_no: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
});
export type PagingQuery = z.output<typeof pagingQuerySchema>;

export interface Paging {
  start_offset: number;
  end_offset: number;
  total_count: number;
}

/** RealtimeKit's paging block: 1-based offsets of the first and last item on this page (both 0 when empty). */
export function paging(q: PagingQuery, count: number, total: number): Paging {
  const start = (q.page_no - 1) * q.per_page;
  return { start_offset: count ? start + 1 : 0, end_offset: count ? start + count : 0, total_count: total };
}

export const offsetOf = (q: PagingQuery) => (q.page_no - 1) * q.per_page;
