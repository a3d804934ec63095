'use client';

import { useEffect, useRef } from 'react';
import { buttonClass } from '@/components/ui/button';
import { nextRoomTitles } from '@/lib/breakout/draft';
import type { StateMeeting } from '@/lib/breakout/reduce';
import { ApiError, type ConnectedMeetings } from '@/lib/client/connected-meetings';
import { Board, type BoardColumn } from './board';
import { CloseAllRooms } from './close-rooms';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FacilitatorOptions } from './facilitator-options';
import { toBoardPerson } from './people';
import {
  RecordAllButtons,
  RoomRecording,
  useFamilyRecordings,
  type FamilyRecordings,
} from './room-recording';
import { RoomTitle } from './room-title';
import {
  ListeningBar,
  RoomActivityLine,
  useHelpCounts,
  useListening,
  useRoomActivity,
} from './room-oversight';
import { TimerControls } from './timer-controls';
import { presenceCount, useCommand, type BreakoutView } from './use-breakout';

interface LiveRoomsProps {
  cm: ConnectedMeetings;
  view: BreakoutView;
  selfId?: string;
  announce: (message: string) => void;
  /** Rooms were just started from this page: the summary takes focus (the draft's controls are gone). */
  focusOnMount?: boolean;
}

/** Where someone is now, by the server's state. */
export function locate(view: BreakoutView, participantId: string | undefined): string | undefined {
  if (!participantId) return undefined;
  return [view.parent, ...view.rooms].find((m) => m.participants.some((p) => p.id === participantId))?.id;
}

/** While rooms run: who is where, live; move, rename, add, delete, visit, close all. */
export function LiveRooms({ cm, view, selfId, announce, focusOnMount }: LiveRoomsProps) {
  const move = useCommand();
  const add = useCommand();
  const summary = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focusOnMount) summary.current?.focus();
  }, [focusOnMount]);
  const family = [view.parent, ...view.rooms];
  const titleOf = (id: string) =>
    id === view.parent.id ? 'the main meeting' : (family.find((m) => m.id === id)?.title ?? 'a room');
  const selfAt = locate(view, selfId);
  const recordings = useFamilyRecordings(cm);
  const inRooms = view.rooms.flatMap((r) => r.participants);
  // Rooms with people in them are watched (an empty room has nothing to show).
  const activity = useRoomActivity(view.rooms.filter((r) => r.participants.length > 0).map((r) => r.id));
  const help = useHelpCounts(cm);
  const { listening, listen, stop } = useListening();

  const column = (m: StateMeeting, main: boolean): BoardColumn => ({
    id: m.id,
    title: main ? 'Main meeting' : m.title,
    people: m.participants.map((p) => toBoardPerson(p, selfId)),
    heading: main ? undefined : <RoomRename cm={cm} room={m} />,
    actions: (
      <>
        {!main && <RoomActivityLine activity={activity[m.id]} help={help[m.id] ?? 0} />}
        {!main && listening?.listener.meetingId !== m.id && (
          <button
            type="button"
            onClick={() => void listen(m.id, m.title)}
            className={buttonClass('secondary', 'sm')}
          >
            Listen<span className="sr-only"> to {m.title}</span>
          </button>
        )}
        <RoomActions
          cm={cm}
          room={m}
          main={main}
          selfId={selfId}
          selfAt={selfAt}
          announce={announce}
          recordings={recordings}
        />
      </>
    ),
    empty: main ? 'Everyone is in a room.' : 'Nobody here. Drag people here or use Move.',
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <p ref={summary} tabIndex={-1} className="mr-auto text-sm text-slate-700 focus:outline-none">
          {view.rooms.length} {view.rooms.length === 1 ? 'room' : 'rooms'} running · in rooms:{' '}
          {presenceCount(inRooms)} · main meeting: {presenceCount(view.parent.participants)}
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
        <RecordAllButtons
          cm={cm}
          meetingIds={family.map((m) => m.id)}
          recordings={recordings}
          announce={announce}
        />
        <CloseAllRooms cm={cm} closesAt={view.closesAt} announce={announce} />
      </div>
      {listening && (
        <ListeningBar
          title={listening.title}
          error={listening.error}
          onStop={stop}
          onEnter={
            selfId && selfAt
              ? () => {
                  const to = listening.listener.meetingId;
                  stop();
                  void move.run(() => cm.moveParticipants(selfAt, to, [selfId]));
                }
              : undefined
          }
        />
      )}
      {add.error && (
        <p role="alert" className="text-sm text-red-700">
          {add.error}
        </p>
      )}
      <FacilitatorOptions cm={cm} view={view} selfId={selfId} announce={announce} />
      <TimerControls cm={cm} timer={view.timer} announce={announce} />
      <Board
        columns={[column(view.parent, true), ...view.rooms.map((r) => column(r, false))]}
        verb="Move"
        error={move.error}
        // A pick before Move readies those people's pages in that room (warm room switch); a failure
        // only loses the head start, so it is not shown.
        onPoint={(ids, to) => void cm.setPendingMove(ids, to).catch(() => undefined)}
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

/**
 * Inline rename of a running room. The rename carries the version this page knows, so a rename made by
 * another host meanwhile is not overwritten silently: the server answers 409 and the host is told the
 * current name. A 409 caused by anything else (someone added or moved; people connecting do not change the version) is
 * retried with the new version.
 */
function RoomRename({ cm, room }: { cm: ConnectedMeetings; room: StateMeeting }) {
  const rename = useCommand();
  const save = async (title: string, from: string) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const known = await cm.getConnectedMeetings();
        const now = known.meetings.find((m) => m.id === room.id);
        if (now && now.title !== from) throw new RenamedMeanwhile(now.title);
        return await cm.updateMeetings([{ id: room.id, title }], known.version);
      } catch (err) {
        if (err instanceof RenamedMeanwhile || !(err instanceof ApiError && err.status === 409)) throw err;
      }
    }
    throw new ApiError(409, 'conflict:stale_version', 'The rooms keep changing. Try again in a moment.');
  };
  return (
    <RoomTitle
      title={room.title}
      error={rename.error}
      onRename={(title, from) => rename.run(() => save(title, from))}
    />
  );
}

/** Another host renamed the room after this one started editing it. */
class RenamedMeanwhile extends ApiError {
  constructor(current: string) {
    super(
      409,
      'conflict:renamed',
      `Another host renamed this room to “${current}” while you were editing. Save again to use your name instead.`,
    );
  }
}

interface RoomActionsProps {
  cm: ConnectedMeetings;
  room: StateMeeting;
  main: boolean;
  selfId?: string;
  selfAt?: string;
  announce: (message: string) => void;
  recordings: FamilyRecordings;
}

/** Visit (or return to the main meeting) for the manager's own seat, Record or Stop, and Delete for a room. */
function RoomActions({ cm, room, main, selfId, selfAt, announce, recordings }: RoomActionsProps) {
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
      <RoomRecording meetingId={room.id} name={name} recordings={recordings} announce={announce} />
      {!main &&
        (room.participants.length > 0 ? (
          <ConfirmDialog
            triggerText="Delete"
            triggerContext={room.title}
            triggerVariant="ghost-danger"
            title={`Delete ${room.title}?`}
            confirmText={`Delete ${room.title}`}
            onConfirm={() => void del()}
          >
            The {room.participants.length} {room.participants.length === 1 ? 'person' : 'people'} in it return
            to the main meeting.
          </ConfirmDialog>
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
