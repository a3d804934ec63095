'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  {
    href: '/dashboard',
    label: 'Meetings',
    match: (p: string) => p === '/dashboard' || p.startsWith('/dashboard/meetings'),
  },
  { href: '/dashboard/presets', label: 'Presets', match: (p: string) => p.startsWith('/dashboard/presets') },
  {
    href: '/dashboard/api-keys',
    label: 'API keys',
    match: (p: string) => p.startsWith('/dashboard/api-keys'),
  },
  {
    href: '/dashboard/webhooks',
    label: 'Webhooks',
    match: (p: string) => p.startsWith('/dashboard/webhooks'),
  },
  { href: '/docs/api', label: 'API docs', match: () => false },
];

/** The dashboard's main navigation; the current section is marked for screen readers too. */
export function DashboardNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard">
      <ul className="flex flex-wrap items-center gap-1">
        {LINKS.map((link) => {
          const current = link.match(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md px-3 py-1.5 text-sm font-medium ${
                  current
                    ? 'bg-indigo-50 text-indigo-800'
                    : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
