import { Brand } from '@/components/brand';
import { buttonClass } from '@/components/ui/button';
import { DashboardNav } from './dashboard-nav';

interface DashboardHeaderProps {
  email: string;
  signOutAction: () => Promise<void>;
}

export function DashboardHeader({ email, signOutAction }: DashboardHeaderProps) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Brand href="/dashboard" />
        <DashboardNav />
        {/* A long address shrinks (cut with an ellipsis) instead of widening a narrow screen. */}
        <div className="ml-auto flex max-w-full min-w-0 items-center gap-3">
          <span className="max-w-[16rem] min-w-0 truncate text-sm text-slate-600" title={email}>
            <span className="sr-only">Signed in as </span>
            {email}
          </span>
          <form action={signOutAction} className="shrink-0">
            <button type="submit" className={buttonClass('secondary', 'sm')}>
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
