import Link from 'next/link';
import { buttonClass } from './button';

interface PagerProps {
  page: number;
  perPage: number;
  total: number;
  /** Builds the link to a page number. */
  href: (page: number) => string;
  noun: string;
}

/** "Showing 21–40 of 57" with previous/next links; nothing when everything fits on one page. */
export function Pager({ page, perPage, total, href, noun }: PagerProps) {
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(page * perPage, total);
  const pages = Math.max(1, Math.ceil(total / perPage));
  return (
    <nav aria-label={`${noun} pages`} className="flex flex-wrap items-center justify-between gap-3 pt-4">
      <p className="text-sm text-slate-600">
        {total === 0 ? `No ${noun}` : `Showing ${first}–${last} of ${total} ${noun}`}
      </p>
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
