'use client';

import { useMemo } from 'react';
import { buttonClass } from '@/components/ui/button';
import {
  addRooms,
  assign,
  assignAllEvenly,
  deleteRoom,
  emptyDraft,
  groupByRoom,
  renameRoom,
} from '@/lib/breakout/draft';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { Board, type BoardColumn } from './board';
import { CreateRooms } from './create-rooms';
import { spreadable, toBoardPerson } from './people';
import { RoomTitle } from './room-title';
import { useCommand, type BreakoutView } from './use-breakout';
import { useDraft } from './use-draft';

const UNASSIGNED = 'unassigned';
interface DraftEditorProps {
  cm: ConnectedMeetings;
  view: BreakoutView;
  selfId?: string;
  announce: (message: string) => void;
}

/** Before rooms run: the shared draft of rooms and who goes where, then Start. */
export function DraftEditor({ cm, view, selfId, announce }: DraftEditorProps) {
  const everyone = view.parent.participants;
  const present = useMemo(() => new Set(everyone.map((p) => p.id)), [everyone]);
  const { draft, change, error } = useDraft(cm, present);
  const start = useCommand();
  const toSpread = everyone.filter((p) => spreadable(p, selfId));

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
    return (
      <CreateRooms
        people={toSpread.length}
        error={error}
        onCreate={async (n) => {
          if (await change((d) => addRooms(d, n))) announce(`${n} ${n === 1 ? 'room' : 'rooms'} created.`);
        }}
      />
    );
  }

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
          type="button"
          onClick={() => void change((d) => addRooms(d, 1))}
          className={buttonClass('secondary', 'sm')}
        >
          Add room
        </button>
        <button
          type="button"
          disabled={toSpread.length === 0}
          onClick={() =>
            void change((d) =>
              assignAllEvenly(
                d,
                toSpread.map((p) => p.id),
              ),
            ).then(
              (ok) =>
                ok && announce(`${toSpread.length} people spread evenly over ${draft.rooms.length} rooms.`),
            )
          }
          className={buttonClass('secondary', 'sm')}
        >
          Assign evenly at random
        </button>
        <button
          type="button"
          onClick={() => void change(() => emptyDraft()).then((ok) => ok && announce('Draft discarded.'))}
          className={buttonClass('ghost', 'sm')}
        >
          Discard draft
        </button>
        <div className="ml-auto flex flex-col items-end gap-1">
          <button
            type="button"
            disabled={start.pending}
            onClick={async () => {
              if (await start.run(() => cm.startDraft())) announce('Breakout rooms started.');
            }}
            className={buttonClass('primary', 'md')}
          >
            {start.pending ? 'Starting…' : 'Start breakout rooms'}
          </button>
          {start.error && (
            <p role="alert" className="max-w-xs text-right text-sm text-red-700">
              {start.error}
            </p>
          )}
        </div>
      </div>
      <p className="text-xs text-slate-600">
        Assign evenly places everyone except you and anyone who joined as a host. Other hosts see this draft
        too; Start moves everyone assigned at once.
      </p>
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
