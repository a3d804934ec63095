'use client';

import { useEffect } from 'react';
import { Button } from '@/components/ui/button';

// Shows no details: in production the message is a generic one anyway, and a stack trace helps nobody here.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : undefined;
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 py-12 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Something went wrong</h1>
      <p className="mt-2 max-w-md text-slate-600">
        This page could not be shown because of a problem on our side. Please try again in a moment.
      </p>
      {digest && <p className="mt-2 text-xs text-slate-500">Reference: {digest}</p>}
      <div className="mt-6 flex gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <a
          href="/"
          className="inline-flex items-center rounded-lg px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          Go to the home page
        </a>
      </div>
    </main>
  );
}
