import Link from 'next/link';
import { pagerSummary } from '@/lib/pages/format';
import { buttonClass } from './button';

interface PagerProps {
  page: number;
  perPage: number;
  total: number;
  /** Builds the link to a page number. */
  href: (page: number) => string;
  /** What is counted, e.g. { one: 'meeting', other: 'meetings' }. */
  noun: { one: string; other: string };
}

/** "Showing 21–40 of 57 meetings" with previous/next links; "3 meetings" when everything fits on one page. */
export function Pager({ page, perPage, total, href, noun }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return (
    <nav
      aria-label={`Pages of ${noun.other}`}
      className="flex flex-wrap items-center justify-between gap-3 pt-4"
    >
      <p className="text-sm text-slate-600">{pagerSummary(page, perPage, total, noun)}</p>
      {pages > 1 && (
        <div className="flex gap-2">
          {page > 1 ? (
            <Link href={href(page - 1)} className={buttonClass('secondary', 'sm')}>
              Previous page
            </Link>
          ) : null}
          {page < pages ? (
            <Link href={href(page + 1)} className={buttonClass('secondary', 'sm')}>
              Next page
            </Link>
          ) : null}
        </div>
      )}
    </nav>
  );
}
