'use client';

import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { useState, type ReactNode } from 'react';

// Drag and drop of people between rooms, by pointer, touch or keyboard (Space or Enter picks a person up,
// the arrow keys jump from room to room, Space or Enter drops, Escape cancels). Every drag also has a
// non-drag way: the Move button on each person and the Assign button for a selection (WCAG 2.2 SC 2.5.7).

interface BoardDndProps {
  /** Display names, for what screen readers hear while dragging. */
  personName: (id: string) => string;
  columnTitle: (id: string) => string;
  /** How many people a drag of this person carries (the whole selection when they are part of it). */
  carried: (id: string) => number;
  onDrop: (personId: string, columnId: string) => void;
  /** The room a dragged person is over now (undefined: none, or the drag ended without a drop). */
  onOver?: (personId: string, columnId: string | undefined) => void;
  children: ReactNode;
}

// Pointer first (what is under the finger); a keyboard drag has no pointer, so the room the dragged row
// overlaps most wins, then the nearest one.
const collision: CollisionDetection = (args) => {
  for (const detect of [pointerWithin, rectIntersection]) {
    const hits = detect(args);
    if (hits.length > 0) return hits;
  }
  return closestCenter(args);
};

/** Arrow keys move the dragged person to the centre of the previous or next room, in reading order. */
const jumpBetweenRooms: KeyboardCoordinateGetter = (event, { context }) => {
  const code: string = event.code;
  const forward = code === 'ArrowDown' || code === 'ArrowRight';
  const backward = code === 'ArrowUp' || code === 'ArrowLeft';
  if (!forward && !backward) return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, over } = context;
  if (!collisionRect) return undefined;
  const rooms = [...droppableRects.entries()].sort(([, a], [, b]) => a.top - b.top || a.left - b.left);
  if (rooms.length === 0) return undefined;
  const at = rooms.findIndex(([id]) => id === over?.id);
  const next = at < 0 ? 0 : Math.min(rooms.length - 1, Math.max(0, at + (forward ? 1 : -1)));
  const target = rooms[next]![1];
  return {
    x: target.left + target.width / 2 - collisionRect.width / 2,
    y: target.top + Math.min(target.height / 2, 40) - collisionRect.height / 2,
  };
};

export function BoardDnd({ personName, columnTitle, carried, onDrop, onOver, children }: BoardDndProps) {
  const [active, setActive] = useState<UniqueIdentifier>();
  const sensors = useSensors(
    // A small distance, so a click on the handle is not a drag.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenRooms }),
  );
  const who = (id: UniqueIdentifier) => {
    const n = carried(String(id));
    return n > 1 ? `${personName(String(id))} and ${n - 1} more` : personName(String(id));
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${who(active.id)}. Arrow keys choose a room.`,
    onDragOver: ({ active, over }) =>
      over ? `${who(active.id)} over ${columnTitle(String(over.id))}.` : `${who(active.id)} is over no room.`,
    onDragEnd: ({ active, over }) =>
      over ? `${who(active.id)} dropped in ${columnTitle(String(over.id))}.` : `${who(active.id)} put back.`,
    onDragCancel: ({ active }) => `Cancelled. ${who(active.id)} stays where they were.`,
  };
  const end = ({ active, over }: DragEndEvent) => {
    setActive(undefined);
    if (over) onDrop(String(active.id), String(over.id));
    else onOver?.(String(active.id), undefined);
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move this person by dragging, press Space or Enter, use the arrow keys to choose a room, then press Space or Enter to drop, or Escape to cancel. Or use the Move button.',
        },
      }}
      onDragStart={({ active }) => setActive(active.id)}
      onDragOver={({ active, over }) => onOver?.(String(active.id), over ? String(over.id) : undefined)}
      onDragCancel={({ active }) => {
        setActive(undefined);
        onOver?.(String(active.id), undefined);
      }}
      onDragEnd={end}
    >
      {children}
      <DragOverlay dropAnimation={null}>
        {active !== undefined && (
          <div className="w-max rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-lg">
            {who(active)}
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}
