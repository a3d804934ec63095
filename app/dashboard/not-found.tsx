import { ButtonLink } from '@/components/ui/button';

export default function DashboardNotFound() {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-xl font-semibold text-slate-900">Not found</h1>
      <p className="mx-auto mt-2 max-w-md text-slate-600">
        We could not find that. It may have been deleted, or it belongs to another account.
      </p>
      <ButtonLink href="/dashboard" className="mt-6">
        Back to meetings
      </ButtonLink>
    </div>
  );
}
