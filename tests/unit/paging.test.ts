import { describe, expect, it } from 'vitest';
import { offsetOf, paging, pagingQuerySchema } from '@/lib/paging';

describe('paging query', () => {
  it('defaults to the first page of 20', () => {
    expect(pagingQuerySchema.parse({})).toEqual({ page_no: 1, per_page: 20 });
  });

  it('reads numbers from query-string text', () => {
    expect(pagingQuerySchema.parse({ page_no: '3', per_page: '50' })).toEqual({ page_no: 3, per_page: 50 });
  });

  it.each([
    ['page_no', '0'],
    ['page_no', '-1'],
    ['page_no', '1.5'],
    ['page_no', 'two'],
    ['page_no', '1000001'],
    ['per_page', '0'],
    ['per_page', '101'],
    ['per_page', '1000'],
    ['per_page', 'abc'],
  ])('refuses %s=%s, naming it', (key, value) => {
    const result = pagingQuerySchema.safeParse({ [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([key]);
  });

  it('accepts the largest page size, 100', () => {
    expect(pagingQuerySchema.parse({ per_page: '100' }).per_page).toBe(100);
  });
});

describe('the paging block', () => {
  it('a full first page runs from 1 to per_page', () => {
    expect(paging({ page_no: 1, per_page: 10 }, 10, 35)).toEqual({
      start_offset: 1,
      end_offset: 10,
      total_count: 35,
    });
  });

  it('a middle page continues where the previous one ended', () => {
    expect(paging({ page_no: 2, per_page: 10 }, 10, 35)).toEqual({
      start_offset: 11,
      end_offset: 20,
      total_count: 35,
    });
  });

  it('the last page ends at the last item', () => {
    expect(paging({ page_no: 4, per_page: 10 }, 5, 35)).toEqual({
      start_offset: 31,
      end_offset: 35,
      total_count: 35,
    });
  });

  it('an empty list has offsets 0 and a total of 0', () => {
    expect(paging({ page_no: 1, per_page: 20 }, 0, 0)).toEqual({
      start_offset: 0,
      end_offset: 0,
      total_count: 0,
    });
  });

  it('a page past the end has offsets 0 and still gives the total', () => {
    expect(paging({ page_no: 9, per_page: 10 }, 0, 35)).toEqual({
      start_offset: 0,
      end_offset: 0,
      total_count: 35,
    });
  });

  it('offsetOf skips the items of the pages before', () => {
    expect(offsetOf({ page_no: 1, per_page: 25 })).toBe(0);
    expect(offsetOf({ page_no: 3, per_page: 25 })).toBe(50);
  });
});
