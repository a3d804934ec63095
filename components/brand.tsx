import Link from 'next/link';

/** The product's mark: a main room with breakout rooms beside it. */
export function BrandMark({ className = 'size-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <rect x="2" y="2" width="17" height="28" rx="4" className="fill-indigo-600" />
      <rect x="22" y="2" width="8" height="8" rx="2.5" className="fill-indigo-400" />
      <rect x="22" y="12" width="8" height="8" rx="2.5" className="fill-indigo-300" />
      <rect x="22" y="22" width="8" height="8" rx="2.5" className="fill-indigo-200" />
    </svg>
  );
}

/** The product's name and mark, linking home. */
export function Brand({ href = '/' }: { href?: string }) {
  return (
    <Link
      href={href}
      className="inline-flex items-center gap-2 rounded-md text-lg font-semibold text-slate-900"
    >
      <BrandMark />
      <span>Breakout</span>
    </Link>
  );
}
