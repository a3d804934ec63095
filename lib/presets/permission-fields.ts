import type { Permissions } from './permissions';

// The preset editor's fields, in the words a host reads. Form fields are named by their path in the
// permissions document ("permissions.polls.can_vote"), so a validation error lands on the right control.

export interface ToggleField {
  kind: 'toggle';
  path: string;
  label: string;
  hint?: string;
}

export interface MediaField {
  kind: 'media';
  path: string;
  label: string;
}

export interface PermissionGroup {
  title: string;
  fields: Array<ToggleField | MediaField>;
}

const toggle = (path: string, label: string, hint?: string): ToggleField => ({
  kind: 'toggle',
  path,
  label,
  hint,
});
const media = (kind: 'audio' | 'video' | 'screenshare', label: string): MediaField => ({
  kind: 'media',
  path: `media.${kind}.can_produce`,
  label,
});

export const PERMISSION_GROUPS: PermissionGroup[] = [
  {
    title: 'Breakout rooms',
    fields: [
      toggle(
        'connected_meetings.can_alter_connected_meetings',
        'Manage breakout rooms',
        'Create, open and close rooms, and move anyone between them.',
      ),
      toggle(
        'connected_meetings.can_switch_connected_meetings',
        'Switch between breakout rooms on their own',
        'Off: people stay in the room a host puts them in. Turn on to let them choose their room.',
      ),
      toggle(
        'connected_meetings.can_switch_to_parent_meeting',
        'Go back to the main meeting on their own',
        'Off: only a host (or closing the rooms) brings them back to the main meeting.',
      ),
    ],
  },
  {
    title: 'Audio and video',
    fields: [media('audio', 'Microphone'), media('video', 'Camera'), media('screenshare', 'Screen sharing')],
  },
  {
    title: 'Chat and polls',
    fields: [
      toggle('chat.public.can_send', 'Send chat messages'),
      toggle('polls.can_create', 'Create polls'),
      toggle('polls.can_vote', 'Vote in polls'),
      toggle('polls.can_view', 'See polls and their results'),
    ],
  },
  {
    title: 'Moderation and visibility',
    fields: [
      toggle('can_record', 'Record the meeting'),
      toggle('kick_participant', 'Remove participants and end the meeting for everyone'),
      toggle('disable_participant_audio', "Mute others' microphones", 'One person, or everyone at once.'),
      toggle('disable_participant_video', "Turn off others' cameras"),
      toggle('can_spotlight', 'Put someone in the spotlight', "Everyone's page shows that person large."),
      toggle('show_participant_list', 'See the participant list'),
      toggle(
        'hidden_participant',
        'Hidden from other participants',
        'For observers: others do not see them.',
      ),
    ],
  },
];

const FIELDS = PERMISSION_GROUPS.flatMap((g) => g.fields);

/** The form field name of a permission. */
export const fieldName = (path: string) => `permissions.${path}`;

/** The value at a dotted path of a permissions document. */
export function readPermission(p: Permissions, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], p);
}

/**
 * A whole permissions document from a submitted form: a checkbox that was not sent is off (browsers send
 * only checked ones). The caller validates the result with `permissionsSchema`.
 */
export function permissionsFromForm(values: Record<string, string | undefined>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const raw = values[fieldName(field.path)];
    const value = field.kind === 'toggle' ? raw !== undefined : raw;
    const keys = field.path.split('.');
    let node = doc;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  return doc;
}
