'use client';

import { buttonClass } from '@/components/ui/button';
import { nextRoomTitles } from '@/lib/breakout/draft';
import type { StateMeeting } from '@/lib/breakout/reduce';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { Board, type BoardColumn } from './board';
import { ConfirmButton } from './confirm-button';
import { toBoardPerson } from './people';
import { RoomTitle } from './room-title';
import { useCommand, type BreakoutView } from './use-breakout';

interface LiveRoomsProps {
  cm: ConnectedMeetings;
  view: BreakoutView;
  selfId?: string;
  announce: (message: string) => void;
}

/** Where someone is now, by the server's state. */
export function locate(view: BreakoutView, participantId: string | undefined): string | undefined {
  if (!participantId) return undefined;
  return [view.parent, ...view.rooms].find((m) => m.participants.some((p) => p.id === participantId))?.id;
}

/** While rooms run: who is where, live; move, rename, add, delete, visit, close all. */
export function LiveRooms({ cm, view, selfId, announce }: LiveRoomsProps) {
  const move = useCommand();
  const add = useCommand();
  const close = useCommand();
  const family = [view.parent, ...view.rooms];
  const titleOf = (id: string) =>
    id === view.parent.id ? 'the main meeting' : (family.find((m) => m.id === id)?.title ?? 'a room');
  const selfAt = locate(view, selfId);
  const inRooms = view.rooms.reduce((n, r) => n + r.participants.length, 0);

  const column = (m: StateMeeting, main: boolean): BoardColumn => ({
    id: m.id,
    title: main ? 'Main meeting' : m.title,
    people: m.participants.map((p) => toBoardPerson(p, selfId)),
    heading: main ? undefined : <RoomRename cm={cm} room={m} />,
    actions: <RoomActions cm={cm} room={m} main={main} selfId={selfId} selfAt={selfAt} announce={announce} />,
    empty: main ? 'Everyone is in a room.' : 'Nobody here. Drag people here or use Move.',
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <p className="mr-auto text-sm text-slate-700">
          {view.rooms.length} {view.rooms.length === 1 ? 'room' : 'rooms'} running · {inRooms} in rooms ·{' '}
          {view.parent.participants.length} in the main meeting
        </p>
        <button
          type="button"
          disabled={add.pending}
          onClick={async () => {
            const [title] = nextRoomTitles(
              view.rooms.map((r) => r.title),
              1,
            );
            if (await add.run(() => cm.createMeetings([{ title: title! }]))) announce(`${title} added.`);
          }}
          className={buttonClass('secondary', 'sm')}
        >
          Add room
        </button>
        <ConfirmButton
          label="Close all rooms"
          title="Close all breakout rooms?"
          confirmText="Close all rooms"
          disabled={close.pending}
          onConfirm={async () => {
            if (await close.run(() => cm.closeAll()))
              announce('All rooms closed. Everyone is back in the main meeting.');
          }}
        >
          Everyone in a room returns to the main meeting now, with their camera and microphone as they were.
        </ConfirmButton>
      </div>
      {(add.error || close.error) && (
        <p role="alert" className="text-sm text-red-700">
          {add.error ?? close.error}
        </p>
      )}
      <Board
        columns={[column(view.parent, true), ...view.rooms.map((r) => column(r, false))]}
        verb="Move"
        error={move.error}
        onMove={async (ids, to) => {
          // One command per room they come from; the server checks each is still there.
          const from = new Map<string, string[]>();
          for (const id of ids) {
            const at = locate(view, id);
            if (at && at !== to) from.set(at, [...(from.get(at) ?? []), id]);
          }
          const ok = await move.run(async () => {
            for (const [source, list] of from) await cm.moveParticipants(source, to, list);
          });
          if (ok)
            announce(
              `${ids.length === 1 ? nameOf(view, ids[0]!) : `${ids.length} people`} moved to ${titleOf(to)}.`,
            );
          return ok;
        }}
      />
    </div>
  );
}

const nameOf = (view: BreakoutView, id: string) =>
  [view.parent, ...view.rooms].flatMap((m) => m.participants).find((p) => p.id === id)?.name ?? 'Someone';

/** Inline rename of a running room. */
function RoomRename({ cm, room }: { cm: ConnectedMeetings; room: StateMeeting }) {
  const rename = useCommand();
  return (
    <RoomTitle
      title={room.title}
      error={rename.error}
      onRename={(title) => rename.run(() => cm.updateMeetings([{ id: room.id, title }]))}
    />
  );
}

interface RoomActionsProps {
  cm: ConnectedMeetings;
  room: StateMeeting;
  main: boolean;
  selfId?: string;
  selfAt?: string;
  announce: (message: string) => void;
}

/** Visit (or return to the main meeting) for the manager's own seat, and Delete for a room. */
function RoomActions({ cm, room, main, selfId, selfAt, announce }: RoomActionsProps) {
  const visit = useCommand();
  const remove = useCommand();
  const name = main ? 'the main meeting' : room.title;
  const canVisit = selfId && selfAt && selfAt !== room.id;
  const del = async () => {
    if (await remove.run(() => cm.deleteMeetings([room.id]))) {
      announce(`${room.title} deleted. Its people are back in the main meeting.`);
    }
  };
  return (
    <>
      {canVisit && (
        <button
          type="button"
          disabled={visit.pending}
          onClick={() => void visit.run(() => cm.moveParticipants(selfAt, room.id, [selfId]))}
          className={buttonClass('secondary', 'sm')}
        >
          {main ? (
            'Return to main meeting'
          ) : (
            <>
              Visit<span className="sr-only"> {name}</span>
            </>
          )}
        </button>
      )}
      {selfAt === room.id && selfId && (
        <span className="text-xs font-medium text-indigo-700">You are here</span>
      )}
      {!main &&
        (room.participants.length > 0 ? (
          <ConfirmButton
            label="Delete"
            context={room.title}
            variant="ghost-danger"
            title={`Delete ${room.title}?`}
            confirmText={`Delete ${room.title}`}
            onConfirm={() => void del()}
          >
            The {room.participants.length} {room.participants.length === 1 ? 'person' : 'people'} in it return
            to the main meeting.
          </ConfirmButton>
        ) : (
          <button type="button" onClick={() => void del()} className={buttonClass('ghost-danger', 'sm')}>
            Delete<span className="sr-only"> {room.title}</span>
          </button>
        ))}
      {(visit.error || remove.error) && (
        <p role="alert" className="w-full text-xs text-red-700">
          {visit.error ?? remove.error}
        </p>
      )}
    </>
  );
}
