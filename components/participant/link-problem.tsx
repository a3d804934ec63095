import { Brand } from '@/components/brand';

export type LinkProblemReason = 'invalid' | 'inactive' | 'no-seat' | 'rate_limited';

const TEXT: Record<LinkProblemReason, { title: string; body: string }> = {
  invalid: {
    title: 'This link is not valid',
    body: 'It may have been replaced or removed. Ask the host for a new link.',
  },
  inactive: {
    title: 'This meeting is not active',
    body: 'Your link is fine, but the host has not opened the meeting. Try your link again later, or ask the host when it starts.',
  },
  rate_limited: {
    title: 'This link was opened too often',
    body: 'This link was opened too many times in a short while. Wait a minute, then open it again.',
  },
  'no-seat': {
    title: 'You are not in this meeting yet',
    body: 'This browser is not signed in to the meeting. Open your personal join link again, or ask the host for it.',
  },
};

/** A calm page for a join link that cannot be used, saying what to do next. */
export function LinkProblem({ reason }: { reason: LinkProblemReason }) {
  const { title, body } = TEXT[reason];
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Brand />
      </div>
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        <p className="mt-3 text-slate-700">{body}</p>
      </div>
    </main>
  );
}
