'use client';

import { useId, useState } from 'react';
import { errorMessage } from '@/components/breakout/use-breakout';
import type { RoomTools, RoomToolsView } from '@/lib/client/room-tools';
import type { PollDto } from '@/lib/events/room-events';

interface PollsPanelProps {
  tools: RoomTools;
  view: RoomToolsView;
  place: string;
  canCreate: boolean;
  canVote: boolean;
  tone?: 'dark' | 'light';
}

/** The polls of one meeting or room: create one (with the right), vote once, results as they change. */
export function PollsPanel({ tools, view, place, canCreate, canVote, tone = 'dark' }: PollsPanelProps) {
  const [creating, setCreating] = useState(false);
  const dark = tone === 'dark';
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-y-auto px-3 py-2">
      {canCreate &&
        (creating ? (
          <NewPoll tools={tools} dark={dark} onDone={() => setCreating(false)} />
        ) : (
          <button
            type="button"
            onClick={() => setCreating(true)}
            className="mb-3 self-start rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500"
          >
            New poll
          </button>
        ))}
      {view.polls.length === 0 && !creating && (
        <p className={`py-6 text-center text-sm ${dark ? 'text-slate-400' : 'text-slate-500'}`}>
          No polls in {place} yet.
        </p>
      )}
      <ul className="space-y-3">
        {[...view.polls].reverse().map((p) => (
          <li key={p.id}>
            <PollCard poll={p} tools={tools} canVote={canVote} dark={dark} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function PollCard({
  poll,
  tools,
  canVote,
  dark,
}: {
  poll: PollDto;
  tools: RoomTools;
  canVote: boolean;
  dark: boolean;
}) {
  const [choice, setChoice] = useState<number>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const name = useId();
  const voted = poll.my_vote !== null;
  const total = poll.total_votes;
  const headingId = `${name}-q`;
  return (
    <section
      aria-labelledby={headingId}
      className={`rounded-lg border p-3 text-sm ${dark ? 'border-white/10 bg-slate-800/60' : 'border-slate-200 bg-white'}`}
    >
      <h3 id={headingId} className={`font-semibold ${dark ? 'text-white' : 'text-slate-900'}`}>
        {poll.question}
      </h3>
      <p className={`mb-2 text-xs ${dark ? 'text-slate-400' : 'text-slate-500'}`}>
        By {poll.created_by.name} · {total} {total === 1 ? 'vote' : 'votes'}
        {poll.anonymous && ' · anonymous'}
        {poll.hide_votes && !poll.results_visible && ' · results shown after you vote'}
      </p>
      {!voted && canVote ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (choice === undefined) return setError('Choose an option first.');
            setBusy(true);
            setError(undefined);
            tools
              .vote(poll.id, choice)
              .catch((err: unknown) => setError(errorMessage(err)))
              .finally(() => setBusy(false));
          }}
        >
          <fieldset>
            <legend className="sr-only">{poll.question}</legend>
            {poll.options.map((o) => (
              <label
                key={o.index}
                className={`flex items-center gap-2 py-1 ${dark ? 'text-slate-100' : 'text-slate-800'}`}
              >
                <input
                  type="radio"
                  name={name}
                  value={o.index}
                  checked={choice === o.index}
                  onChange={() => setChoice(o.index)}
                />
                <span className="flex-1">{o.text}</span>
                {poll.results_visible && <span className="text-xs tabular-nums">{o.votes ?? 0}</span>}
              </label>
            ))}
          </fieldset>
          <button
            type="submit"
            disabled={busy}
            className="mt-2 rounded-lg bg-indigo-600 px-3 py-1.5 text-xs font-semibold text-white hover:bg-indigo-500 disabled:opacity-50"
          >
            Vote
          </button>
        </form>
      ) : (
        <Results poll={poll} dark={dark} />
      )}
      {!canVote && !voted && (
        <p className="mt-1 text-xs text-slate-400">Your preset does not let you vote.</p>
      )}
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}

function Results({ poll, dark }: { poll: PollDto; dark: boolean }) {
  if (!poll.results_visible) {
    return <p className="text-xs text-slate-400">Results are hidden until you vote.</p>;
  }
  const total = Math.max(poll.total_votes, 1);
  return (
    <ul aria-label={`Results of ${poll.question}`} className="space-y-1.5">
      {poll.options.map((o) => {
        const votes = o.votes ?? 0;
        const pct = Math.round((votes / total) * 100);
        return (
          <li key={o.index}>
            <div className={`flex justify-between text-xs ${dark ? 'text-slate-200' : 'text-slate-700'}`}>
              <span>
                {o.text}
                {poll.my_vote === o.index && <span className="ml-1 font-semibold">(your vote)</span>}
              </span>
              <span className="tabular-nums" data-testid="poll-votes">
                {votes} {votes === 1 ? 'vote' : 'votes'}, {pct}%
              </span>
            </div>
            <div
              aria-hidden="true"
              className={`mt-0.5 h-1.5 rounded-full ${dark ? 'bg-white/10' : 'bg-slate-200'}`}
            >
              <div className="h-1.5 rounded-full bg-indigo-500" style={{ width: `${pct}%` }} />
            </div>
            {o.voters.length > 0 && (
              <p className={`mt-0.5 text-xs ${dark ? 'text-slate-400' : 'text-slate-500'}`}>
                {o.voters.map((v) => v.name).join(', ')}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function NewPoll({ tools, dark, onDone }: { tools: RoomTools; dark: boolean; onDone: () => void }) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [anonymous, setAnonymous] = useState(false);
  const [hideVotes, setHideVotes] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const field = `w-full rounded-md border px-2 py-1.5 text-sm ${
    dark ? 'border-white/15 bg-slate-800 text-white' : 'border-slate-300 bg-white text-slate-900'
  }`;
  const text = dark ? 'text-slate-200' : 'text-slate-700';
  return (
    <form
      aria-label="New poll"
      className={`mb-3 space-y-2 rounded-lg border p-3 text-sm ${dark ? 'border-white/10' : 'border-slate-200'}`}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        tools
          .createPoll({
            question,
            options: options.filter((o) => o.trim()),
            anonymous,
            hide_votes: hideVotes,
          })
          .then(onDone, (err: unknown) => setError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      <label className={`block text-xs font-medium ${text}`} htmlFor={`${id}-q`}>
        Question
      </label>
      <input
        id={`${id}-q`}
        className={field}
        value={question}
        maxLength={500}
        required
        onChange={(e) => setQuestion(e.target.value)}
      />
      <fieldset className="space-y-1.5">
        <legend className={`text-xs font-medium ${text}`}>Options (2 to 10)</legend>
        {options.map((o, i) => (
          <div key={i} className="flex gap-1.5">
            <input
              aria-label={`Option ${i + 1}`}
              className={field}
              value={o}
              maxLength={200}
              onChange={(e) => setOptions(options.map((x, j) => (j === i ? e.target.value : x)))}
            />
            {options.length > 2 && (
              <button
                type="button"
                onClick={() => setOptions(options.filter((_, j) => j !== i))}
                className={`rounded-md px-2 text-xs ${text} hover:bg-white/10`}
              >
                Remove<span className="sr-only"> option {i + 1}</span>
              </button>
            )}
          </div>
        ))}
        {options.length < 10 && (
          <button
            type="button"
            onClick={() => setOptions([...options, ''])}
            className={`text-xs underline ${text}`}
          >
            Add an option
          </button>
        )}
      </fieldset>
      <label className={`flex items-center gap-2 text-xs ${text}`}>
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />{' '}
        Anonymous (nobody sees who voted for what)
      </label>
      <label className={`flex items-center gap-2 text-xs ${text}`}>
        <input type="checkbox" checked={hideVotes} onChange={(e) => setHideVotes(e.target.checked)} /> Hide
        results until people vote
      </label>
      {error && (
        <p role="alert" className="text-xs text-red-400">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded-lg bg-indigo-600 px-3 py-1.5 text-xs font-semibold text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          Create poll
        </button>
        <button type="button" onClick={onDone} className={`rounded-lg px-3 py-1.5 text-xs ${text}`}>
          Cancel
        </button>
      </div>
    </form>
  );
}
