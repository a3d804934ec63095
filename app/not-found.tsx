import { Brand } from '@/components/brand';
import { ButtonLink } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12 text-center">
      <Brand />
      <h1 className="mt-8 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-md text-slate-600">
        There is nothing at this address. It may have been deleted, or the link may be mistyped.
      </p>
      <ButtonLink href="/" className="mt-6">
        Go to the home page
      </ButtonLink>
    </main>
  );
}
