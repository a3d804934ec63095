'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import {
  addRooms,
  assign,
  deleteRoom,
  emptyDraft,
  fillEvenly,
  groupByRoom,
  renameRoom,
  spreadPlan,
  type SpreadOptions,
} from '@/lib/breakout/draft';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { AutoAssign } from './auto-assign';
import { Board, type BoardColumn } from './board';
import { CreateRooms } from './create-rooms';
import { spreadable, toBoardPerson } from './people';
import { RoomTitle } from './room-title';
import { useCommand, type BreakoutView } from './use-breakout';
import { useDraft } from './use-draft';
import { noTimer, TimerFields, timerBody, type TimerChoice } from './timer-controls';

const UNASSIGNED = 'unassigned';
interface DraftEditorProps {
  cm: ConnectedMeetings;
  view: BreakoutView;
  selfId?: string;
  announce: (message: string) => void;
  /** Rooms were created, or rooms started, from this page: where focus goes next. */
  onDone: (what: 'created' | 'started') => void;
  /** Focus "Assign evenly at random" once it is shown (the rooms were just created). */
  focusAssign?: boolean;
}

/** Before rooms run: the shared draft of rooms and who goes where, then Start. */
export function DraftEditor({ cm, view, selfId, announce, onDone, focusAssign }: DraftEditorProps) {
  const everyone = view.parent.participants;
  const present = useMemo(() => new Set(everyone.map((p) => p.id)), [everyone]);
  const { draft, change, undo, canUndo, error } = useDraft(cm, present);
  const start = useCommand();
  const [timer, setTimer] = useState<TimerChoice>(noTimer);
  const [timerError, setTimerError] = useState<string>();
  const [options, setOptions] = useState<SpreadOptions>({});
  const confirmRedo = useRef<HTMLDialogElement>(null);
  const assignButton = useRef<HTMLButtonElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const optionsId = useId();
  const toSpread = everyone
    .filter((p) => spreadable(p, selfId))
    .map((p) => ({ id: p.id, present: p.connected }));
  const hasRooms = !!draft && draft.rooms.length > 0;

  useEffect(() => {
    if (!focusAssign || !hasRooms) return;
    // Nobody to place yet (the button is disabled and cannot hold focus): the next control, Add room.
    if (assignButton.current?.disabled) addButton.current?.focus();
    else assignButton.current?.focus();
  }, [focusAssign, hasRooms]);

  if (!draft) {
    return error ? (
      <p role="alert" className="text-sm text-red-700">
        {error}
      </p>
    ) : (
      <p className="text-sm text-slate-600">Loading the draft…</p>
    );
  }
  if (draft.rooms.length === 0) {
    const here = toSpread.filter((p) => p.present).length;
    return (
      <CreateRooms
        people={here}
        away={toSpread.length - here}
        error={error}
        onCreate={async (n) => {
          if (await change((d) => addRooms(d, n))) {
            announce(`${n} ${n === 1 ? 'room' : 'rooms'} created. Next: assign people.`);
            onDone('created');
          }
        }}
      />
    );
  }

  const plan = spreadPlan(draft, toSpread, options);
  const spread = async () => {
    const ok = await change((d) => fillEvenly(d, toSpread, options));
    if (!ok) return;
    const left = options.includeAbsent ? 0 : plan.absent;
    announce(
      `${plan.toPlace.length} ${plan.toPlace.length === 1 ? 'person' : 'people'} placed evenly at random` +
        (options.redoAll ? ', everyone reassigned' : '') +
        (left > 0 ? `; ${left} not connected left unassigned.` : '.'),
    );
  };

  const { byRoom, unassigned } = groupByRoom(
    draft,
    everyone.map((p) => p.id),
  );
  const person = new Map(everyone.map((p) => [p.id, toBoardPerson(p, selfId)]));
  const columns: BoardColumn[] = [
    {
      id: UNASSIGNED,
      title: 'Not assigned',
      people: unassigned.map((id) => person.get(id)!),
      empty: 'Everyone has a room.',
    },
    ...draft.rooms.map((r) => ({
      id: r.key,
      title: r.title,
      people: (byRoom.get(r.key) ?? []).map((id) => person.get(id)!),
      heading: <RoomTitle title={r.title} onRename={(t) => change((d) => renameRoom(d, r.key, t))} />,
      actions: (
        <button
          type="button"
          onClick={() =>
            void change((d) => deleteRoom(d, r.key)).then((ok) => ok && announce(`${r.title} deleted.`))
          }
          className={buttonClass('ghost-danger', 'sm')}
        >
          Delete<span className="sr-only"> {r.title}</span>
        </button>
      ),
      empty: 'Nobody yet. Drag people here or use Assign.',
    })),
  ];
  const titleOf = (key: string) => draft.rooms.find((r) => r.key === key)?.title ?? 'Not assigned';

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <button
          ref={addButton}
          type="button"
          onClick={() => void change((d) => addRooms(d, 1))}
          className={buttonClass('secondary', 'sm')}
        >
          Add room
        </button>
        <button
          ref={assignButton}
          type="button"
          disabled={plan.toPlace.length === 0}
          aria-describedby={optionsId}
          onClick={() => {
            if (plan.overwrites > 0) confirmRedo.current?.showModal();
            else void spread();
          }}
          className={buttonClass('secondary', 'sm')}
        >
          Assign evenly at random
        </button>
        <button
          type="button"
          disabled={!canUndo}
          onClick={() => void undo().then((ok) => ok && announce('Last change undone.'))}
          className={buttonClass('ghost', 'sm')}
        >
          Undo
        </button>
        <button
          type="button"
          onClick={() => void change(() => emptyDraft()).then((ok) => ok && announce('Draft discarded.'))}
          className={buttonClass('ghost', 'sm')}
        >
          Discard draft
        </button>
        <div className="ml-auto flex flex-col items-end gap-1">
          <TimerFields value={timer} onChange={setTimer} legend="Timer (optional)" />
          <button
            type="button"
            disabled={start.pending}
            onClick={async () => {
              const moved = Object.keys(draft.assignments).length;
              const timed = timerBody(timer);
              setTimerError(typeof timed === 'string' ? timed : undefined);
              if (typeof timed === 'string') return;
              if (await start.run(() => cm.startDraft(timed))) {
                announce(
                  `Breakout rooms started: ${draft.rooms.length} rooms, ${moved} ${moved === 1 ? 'person' : 'people'} moved.${timed ? ` They run ${timer.minutes} minutes.` : ''}`,
                );
                onDone('started');
              }
            }}
            className={buttonClass('primary', 'md')}
          >
            {start.pending ? 'Starting…' : 'Start breakout rooms'}
          </button>
          {(timerError ?? start.error) && (
            <p role="alert" className="max-w-xs text-right text-sm text-red-700">
              {timerError ?? start.error}
            </p>
          )}
        </div>
      </div>
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
        <legend className="sr-only">Options for assign evenly</legend>
        <label className="flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={!!options.redoAll}
            onChange={(e) => setOptions((o) => ({ ...o, redoAll: e.target.checked }))}
            className="size-4 accent-indigo-600"
          />
          Redo everyone, also people already in a room
        </label>
        <label className="flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={!!options.includeAbsent}
            onChange={(e) => setOptions((o) => ({ ...o, includeAbsent: e.target.checked }))}
            className="size-4 accent-indigo-600"
          />
          Include people who are not connected
        </label>
      </fieldset>
      <p id={optionsId} className="text-xs text-slate-600">
        Assign evenly places the people here who have no room yet ({plan.toPlace.length} now), never you or
        anyone who joined as a host
        {plan.absent > 0 && !options.includeAbsent && `, and leaves the ${plan.absent} not connected out`}.
        Other hosts see this draft too; Start moves everyone assigned at once.
      </p>
      <AutoAssign
        cm={cm}
        rooms={draft.rooms.length}
        announce={announce}
        people={everyone
          .filter((p) => spreadable(p, selfId))
          .map((p) => ({ id: p.id, name: p.name, tags: p.tags ?? [], connected: p.connected }))}
      />
      <dialog
        ref={confirmRedo}
        aria-labelledby={`${optionsId}-redo`}
        className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-xl border border-slate-200 p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <div className="space-y-4 p-5">
          <h2 id={`${optionsId}-redo`} className="text-base font-semibold">
            Reassign everyone?
          </h2>
          <p className="text-sm text-slate-700">
            {plan.overwrites} {plan.overwrites === 1 ? 'person already has' : 'people already have'} a room,
            some perhaps placed by hand. Their rooms will be replaced at random. Undo brings them back.
          </p>
          <div className="flex justify-end gap-2">
            <button
              type="button"
              autoFocus
              onClick={() => confirmRedo.current?.close()}
              className={buttonClass('secondary')}
            >
              Cancel
            </button>
            <button
              type="button"
              onClick={() => {
                confirmRedo.current?.close();
                void spread();
              }}
              className={buttonClass('danger')}
            >
              Reassign everyone
            </button>
          </div>
        </div>
      </dialog>
      <Board
        columns={columns}
        verb="Assign"
        error={error}
        onMove={async (ids, to) => {
          const ok = await change((d) => assign(d, ids, to === UNASSIGNED ? undefined : to));
          if (ok) announce(`${describe(ids, person)} assigned to ${titleOf(to)}.`);
          return ok;
        }}
      />
    </div>
  );
}

function describe(ids: string[], people: Map<string, { name: string }>) {
  if (ids.length === 1) return people.get(ids[0]!)?.name ?? 'Someone';
  return `${ids.length} people`;
}
