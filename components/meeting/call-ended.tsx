import type { CallEnding } from '@/lib/client/media/disconnect';

/** Why the call ended, announced, with Rejoin when that makes sense. */
export function CallEnded({ ending, onRejoin }: { ending: CallEnding; onRejoin: () => void }) {
  return (
    <section
      role="status"
      aria-live="assertive"
      className="mx-auto w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 text-center shadow-sm"
    >
      <h1 className="text-xl font-semibold text-slate-900">{ending.title}</h1>
      <p className="mt-2 text-slate-700">{ending.message}</p>
      {ending.canRejoin && (
        <button
          type="button"
          onClick={onRejoin}
          className="mt-6 inline-flex items-center justify-center rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700"
        >
          Rejoin
        </button>
      )}
    </section>
  );
}
