'use client';

import { useEffect, useRef } from 'react';
import type { RoomTools, RoomToolsView, Toast } from '@/lib/client/room-tools';
import type { HelpRequestDto } from '@/lib/events/room-events';

const SHOW_MS = 12_000;

/**
 * Announcements and help requests as toasts. The region is on the page from the start, so screen readers
 * announce each toast as it is added (WCAG SC 4.1.3); each one stays until dismissed or for a while.
 */
export function Toasts({
  tools,
  view,
  join,
}: {
  tools: RoomTools;
  view: RoomToolsView;
  join?: (request: HelpRequestDto) => Promise<void>;
}) {
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label="Notifications"
      className="pointer-events-none fixed top-16 right-3 z-40 flex w-[min(22rem,calc(100vw-1.5rem))] flex-col gap-2"
    >
      {view.toasts.map((t) => (
        <ToastCard key={t.id} toast={t} onDismiss={() => tools.dismissToast(t.id)} join={join} />
      ))}
    </div>
  );
}

function ToastCard({
  toast,
  onDismiss,
  join,
}: {
  toast: Toast;
  onDismiss: () => void;
  join?: (request: HelpRequestDto) => Promise<void>;
}) {
  const dismiss = useRef(onDismiss);
  useEffect(() => {
    dismiss.current = onDismiss;
  });
  const long = !!toast.request;
  useEffect(() => {
    const timer = setTimeout(() => dismiss.current(), long ? SHOW_MS * 3 : SHOW_MS);
    return () => clearTimeout(timer);
  }, [long]);
  const colour =
    toast.kind === 'broadcast'
      ? 'border-amber-300 bg-amber-50 text-amber-950'
      : toast.kind === 'help'
        ? 'border-rose-300 bg-rose-50 text-rose-950'
        : 'border-emerald-300 bg-emerald-50 text-emerald-950';
  return (
    <div
      className={`pointer-events-auto rounded-lg border px-3 py-2 text-sm shadow-lg ${colour}`}
      data-toast={toast.kind}
    >
      <p className="font-semibold">{toast.title}</p>
      <p className="whitespace-pre-wrap break-words">{toast.text}</p>
      <div className="mt-1.5 flex gap-2">
        {toast.request && join && (
          <button
            type="button"
            onClick={() => void join(toast.request!)}
            className="rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-semibold text-white"
          >
            Join {toast.request.meeting_title}
          </button>
        )}
        <button type="button" onClick={onDismiss} className="rounded-md px-2 py-1 text-xs underline">
          Dismiss
        </button>
      </div>
    </div>
  );
}
