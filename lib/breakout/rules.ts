import { AppError } from '@/lib/errors';
import type { Permissions } from '@/lib/presets/permissions';

/** Who runs a breakout command: the meeting's owner host, or a participant with their current rights. */
export type BreakoutActor =
  { kind: 'host'; hostId: string } | { kind: 'participant'; participantId: string; permissions: Permissions };

export type BreakoutCommand =
  | { kind: 'read' }
  | { kind: 'create' | 'update' | 'delete' | 'close_all' | 'draft' }
  | {
      kind: 'move';
      participantIds: string[];
      toParent: boolean;
      customPreset: boolean;
      /** "Let participants choose" is open and the destination is an open room. */
      selfSelect?: boolean;
    };

const ALTER = 'can_alter_connected_meetings';

const forbid = (detail: string, message: string) => new AppError(`forbidden:${detail}`, message);

/**
 * The reference product's rules: full access (`can_alter_connected_meetings`) may do everything; without
 * it a participant may only move themselves, into a room with `can_switch_connected_meetings` and back to
 * the main meeting with `can_switch_to_parent_meeting`. Throws a 403 naming the missing permission.
 */
export function authorizeBreakout(actor: BreakoutActor, command: BreakoutCommand): void {
  if (actor.kind === 'host' || command.kind === 'read') return;
  const cm = actor.permissions.connected_meetings;
  if (cm.can_alter_connected_meetings) return;
  if (command.kind !== 'move') {
    throw forbid(ALTER, `Managing breakout rooms needs the ${ALTER} permission in your preset.`);
  }
  if (command.customPreset) {
    throw forbid(
      ALTER,
      `Moving participants with another preset needs the ${ALTER} permission in your preset.`,
    );
  }
  const self = command.participantIds.length === 1 && command.participantIds[0] === actor.participantId;
  // While participants choose, anyone may move themselves into an open room (the seat is checked with
  // the move); nothing else is widened: not others, not back to the main meeting, not with a preset.
  if (self && command.selfSelect && !command.toParent) return;
  if (!cm.can_switch_connected_meetings && !cm.can_switch_to_parent_meeting) {
    throw forbid(
      'connected_meetings',
      'Your preset has no connected meetings permissions: you cannot switch rooms (can_switch_connected_meetings, can_switch_to_parent_meeting).',
    );
  }
  if (!self) {
    throw forbid(
      ALTER,
      `You may only move yourself: moving other participants needs the ${ALTER} permission.`,
    );
  }
  if (command.toParent && !cm.can_switch_to_parent_meeting) {
    throw forbid(
      'can_switch_to_parent_meeting',
      'Returning to the main meeting needs the can_switch_to_parent_meeting permission in your preset.',
    );
  }
  if (!command.toParent && !cm.can_switch_connected_meetings) {
    throw forbid(
      'can_switch_connected_meetings',
      'Switching to a breakout room needs the can_switch_connected_meetings permission in your preset.',
    );
  }
}

/** What a participant may do, for the UI (the server decides again on every command). */
export function breakoutAbilities(p: Permissions) {
  const cm = p.connected_meetings;
  return {
    manage: cm.can_alter_connected_meetings,
    switchRooms: cm.can_alter_connected_meetings || cm.can_switch_connected_meetings,
    returnToMain: cm.can_alter_connected_meetings || cm.can_switch_to_parent_meeting,
  };
}
