import { DashboardHeader } from '@/components/dashboard/dashboard-header';
import { requireHost } from '@/lib/auth/session';
import { signOutAction } from '../(auth)/actions';

// The layout only shows who is signed in; every page and action checks the host again on its own.
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const host = await requireHost();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <DashboardHeader email={host.email ?? host.name ?? 'Signed in'} signOutAction={signOutAction} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
