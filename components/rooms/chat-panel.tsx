'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '@/components/breakout/use-breakout';
import type { RoomTools, RoomToolsView } from '@/lib/client/room-tools';
import type { ChatMessageDto } from '@/lib/events/room-events';

const MAX = 2000;

interface ChatPanelProps {
  tools: RoomTools;
  view: RoomToolsView;
  /** Where this chat is, e.g. "Room 1" or "Main meeting". */
  place: string;
  canSend: boolean;
  selfId?: string;
  tone?: 'dark' | 'light';
}

/**
 * The chat of one meeting or room: its history, new messages as they come (a log region that screen
 * readers follow), and a box to write in. Text is always rendered as text.
 */
export function ChatPanel({ tools, view, place, canSend, selfId, tone = 'dark' }: ChatPanelProps) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const inputId = useId();
  const errorId = useId();
  const dark = tone === 'dark';

  // Keep the newest message in view, unless the reader scrolled up to read older ones.
  const count = view.messages.length;
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 120;
    if (nearBottom || count <= 1) el.scrollTop = el.scrollHeight;
  }, [count]);

  const send = async () => {
    const text = draft.trim();
    if (!text || sending) return;
    setSending(true);
    setError(undefined);
    try {
      await tools.send(text);
      setDraft('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {view.hasMore && (
        <button
          type="button"
          onClick={() => void tools.loadOlder().catch((err: unknown) => setError(errorMessage(err)))}
          className={`mx-3 mt-2 rounded-md px-2 py-1 text-xs underline ${dark ? 'text-slate-300' : 'text-slate-600'}`}
        >
          Show older messages
        </button>
      )}
      {/* The log is the scrolling box and the list sits inside it: list items must have a list as parent. */}
      <div
        ref={list}
        role="log"
        aria-label={`Chat messages in ${place}`}
        className="min-h-0 flex-1 overflow-y-auto px-3 py-2"
      >
        <ol className="space-y-2">
          {view.messages.length === 0 && (
            <li className={`py-6 text-center text-sm ${dark ? 'text-slate-400' : 'text-slate-500'}`}>
              No messages in {place} yet.
            </li>
          )}
          {view.messages.map((m) => (
            <Message key={m.id} m={m} mine={!!selfId && m.participant_id === selfId} dark={dark} />
          ))}
        </ol>
      </div>
      {view.loadError && (
        <p role="alert" className="mx-3 mb-2 text-xs text-red-400">
          Could not load the chat: {view.loadError}
        </p>
      )}
      {canSend ? (
        <form
          className={`border-t p-3 ${dark ? 'border-white/10' : 'border-slate-200'}`}
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            Message to {place}
          </label>
          <div className="flex items-end gap-2">
            <textarea
              id={inputId}
              rows={2}
              value={draft}
              maxLength={MAX}
              aria-invalid={!!error}
              aria-describedby={error ? errorId : undefined}
              placeholder={`Message ${place}`}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                // Enter sends; Shift+Enter starts a new line.
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void send();
                }
              }}
              className={`min-h-10 flex-1 resize-none rounded-lg border px-3 py-2 text-sm ${
                dark
                  ? 'border-white/15 bg-slate-800 text-white placeholder:text-slate-400'
                  : 'border-slate-300 bg-white text-slate-900'
              }`}
            />
            <button
              type="submit"
              disabled={sending || !draft.trim()}
              className="rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50"
            >
              Send
            </button>
          </div>
          {error && (
            <p id={errorId} role="alert" className="mt-1 text-xs text-red-400">
              {error}
            </p>
          )}
        </form>
      ) : (
        <p
          className={`border-t p-3 text-xs ${dark ? 'border-white/10 text-slate-400' : 'border-slate-200 text-slate-500'}`}
        >
          Your preset lets you read the chat but not write in it.
        </p>
      )}
    </div>
  );
}

function Message({ m, mine, dark }: { m: ChatMessageDto; mine: boolean; dark: boolean }) {
  const time = new Date(m.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (m.kind === 'broadcast') {
    return (
      <li
        className="rounded-lg border border-amber-400/40 bg-amber-400/10 px-3 py-2 text-sm"
        data-kind="broadcast"
      >
        <p className={`text-xs font-semibold ${dark ? 'text-amber-200' : 'text-amber-800'}`}>
          Announcement from {m.sender_name} · <time dateTime={m.created_at}>{time}</time>
        </p>
        <p className={`mt-0.5 whitespace-pre-wrap break-words ${dark ? 'text-amber-50' : 'text-amber-950'}`}>
          {m.message}
        </p>
      </li>
    );
  }
  return (
    <li className="text-sm">
      <p className={`text-xs ${dark ? 'text-slate-400' : 'text-slate-500'}`}>
        <span className={`font-semibold ${dark ? 'text-slate-200' : 'text-slate-800'}`}>
          {mine ? 'You' : m.sender_name}
        </span>{' '}
        · <time dateTime={m.created_at}>{time}</time>
      </p>
      <p className={`whitespace-pre-wrap break-words ${dark ? 'text-white' : 'text-slate-900'}`}>
        {m.message}
      </p>
    </li>
  );
}
