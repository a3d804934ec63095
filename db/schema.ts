import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { AdapterAccountType } from 'next-auth/adapters';
import type { Permissions } from '@/lib/presets/permissions';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

// ---- Host accounts (the tables Auth.js's drizzle adapter expects, plus a password hash) ----

export const users = pgTable('users', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text('name'),
  email: text('email').unique(),
  emailVerified: timestamp('email_verified', { withTimezone: true, mode: 'date' }),
  image: text('image'),
  passwordHash: text('password_hash'),
  createdAt: createdAt(),
});
export type User = typeof users.$inferSelect;

export const accounts = pgTable(
  'accounts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<AdapterAccountType>().notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable('sessions', {
  sessionToken: text('session_token').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expires: timestamp('expires', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * Dashboard sessions signed out before they expired. Sessions are Auth.js JWTs (needed for password
 * sign-in), which no server can take back on its own; each carries a random session id, and signing out
 * records it here, so every instance refuses it from then on. A row can go once its session has expired.
 */
export const revokedSessions = pgTable(
  'revoked_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('revoked_sessions_expires_idx').on(t.expiresAt)],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: timestamp('expires', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ---- API keys: only a SHA-256 of the key is stored; the key itself is shown once ----

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hostId: text('host_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_host_idx').on(t.hostId)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

// ---- Presets ----

export const presets = pgTable(
  'presets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hostId: text('host_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    permissions: jsonb('permissions').$type<Permissions>().notNull(),
    /** RealtimeKit's `config` and `ui` documents, stored as given (null: the defaults). We do not act on them. */
    config: jsonb('config').$type<Record<string, unknown>>(),
    ui: jsonb('ui').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('presets_host_name_idx').on(t.hostId, t.name)],
);
export type Preset = typeof presets.$inferSelect;

// ---- Meetings: a main meeting has no parent; a breakout room is a meeting whose parent is the main one ----

export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hostId: text('host_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    parentMeetingId: uuid('parent_meeting_id').references((): AnyPgColumn => meetings.id, {
      onDelete: 'cascade',
    }),
    title: text('title').notNull(),
    status: text('status', { enum: ['ACTIVE', 'INACTIVE'] })
      .notNull()
      .default('ACTIVE'),
    /** Breakout rooms only: draft (prepared, not started), open, closed. Null for a main meeting. */
    roomStatus: text('room_status', { enum: ['draft', 'open', 'closed'] }),
    /** Shareable invite link: enabled while a nonce is set; its token is an HMAC of the nonce. */
    inviteNonce: text('invite_nonce'),
    invitePresetId: uuid('invite_preset_id').references(() => presets.id, { onDelete: 'set null' }),
    /** Most guests the invite link may seat; null means the default (lib/limits/policy.ts). */
    inviteGuestLimit: integer('invite_guest_limit'),
    /** Set by "mute all" without allow_unmute: people here may not send audio until a host allows it. */
    audioLocked: boolean('audio_locked').notNull().default(false),
    /** The participant everyone's page shows large here (a participant id; cleared when they leave the meeting). */
    spotlightParticipantId: uuid('spotlight_participant_id'),
    /** Record each room (and the main meeting) when its first person arrives. The main meeting's value counts. */
    recordOnStart: boolean('record_on_start').notNull().default(false),
    /** RealtimeKit meeting fields we store and return as given but do not act on (persist_chat, ai_config…). */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('meetings_host_idx').on(t.hostId, t.createdAt),
    index('meetings_parent_idx').on(t.parentMeetingId),
  ],
);
export type Meeting = typeof meetings.$inferSelect;

// ---- Participants: belong to one main meeting; `currentMeetingId` says which room they are in now ----

export const participants = pgTable(
  'participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    currentMeetingId: uuid('current_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    // Restrict: a preset in use cannot be deleted (the service says so in words first).
    presetId: uuid('preset_id')
      .notNull()
      .references(() => presets.id, { onDelete: 'restrict' }),
    /** A preset that applies only in the room they were moved into with it; cleared by their next move. */
    roomPresetId: uuid('room_preset_id').references(() => presets.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    customParticipantId: text('custom_participant_id'),
    picture: text('picture'),
    /** Labels the hosts give this person ("mentor"), to spread them over rooms (lib/breakout/tags.ts). */
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    /** True for the host's own seat in the meeting (created when the host joins from the dashboard). */
    isHostSeat: boolean('is_host_seat').notNull().default(false),
    /** True for a guest who joined through the meeting's invite link (they count against its guest cap). */
    viaInvite: boolean('via_invite').notNull().default(false),
    tokenHash: text('token_hash').notNull().unique(),
    /**
     * The join token is derived from this nonce (lib/participants/link.ts), so the dashboard can show the
     * link again without storing it. Null for links made before that: those still work but cannot be shown.
     */
    linkNonce: text('link_nonce'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('participants_custom_id_idx').on(t.meetingId, t.customParticipantId),
    // One seat per host and meeting, even when Join is clicked twice at once (lib/participants/host-seat.ts).
    uniqueIndex('participants_host_seat_idx')
      .on(t.meetingId)
      .where(sql`${t.isHostSeat}`),
    index('participants_meeting_idx').on(t.meetingId, t.createdAt),
    index('participants_current_idx').on(t.currentMeetingId),
    index('participants_preset_idx').on(t.presetId),
  ],
);
export type Participant = typeof participants.$inferSelect;

/**
 * A host's pending pick (the warm room switch): a host chose a room for this person in the manager and has
 * not pressed Move yet, so the person's page may wait warm there (lib/livekit/warm.ts). Short-lived:
 * `until` is a few seconds ahead, and a move of the person ends it.
 */
export const pendingMoves = pgTable(
  'pending_moves',
  {
    participantId: uuid('participant_id')
      .primaryKey()
      .references(() => participants.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    until: timestamp('until', { withTimezone: true }).notNull(),
  },
  (t) => [index('pending_moves_room_idx').on(t.roomId)],
);

// ---- Apps: RealtimeKit's top-level container, named by `app_id` in its REST paths ----

/** A host's apps (each host has one, its default); the RealtimeKit-compatible paths name one of them. */
export const apps = pgTable(
  'apps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hostId: text('host_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('apps_host_name_idx').on(t.hostId, t.name)],
);
export type App = typeof apps.$inferSelect;

// ---- Presence, from the media server's webhooks ----

/**
 * Who is connected to which media room. One row per (participant, room); `eventAt` is the time of the
 * newest webhook applied, so a late, older event never overwrites a newer one.
 */
export const presence = pgTable(
  'presence',
  {
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    room: text('room').notNull(),
    connected: boolean('connected').notNull(),
    participantSid: text('participant_sid'),
    eventAt: timestamp('event_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.room] }), index('presence_room_idx').on(t.room)],
);

/** Ids of webhook deliveries already applied, so a repeated delivery is recorded once. */
export const webhookEvents = pgTable('webhook_events', {
  id: text('id').primaryKey(),
  event: text('event').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---- Breakout state: versioned per main meeting, with an append-only event log ----

/** One row per main meeting that has breakout state: its version and the host manager's shared draft. */
export const breakoutStates = pgTable(
  'breakout_states',
  {
    mainMeetingId: uuid('main_meeting_id')
      .primaryKey()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    version: integer('version').notNull().default(0),
    draft: jsonb('draft').$type<BreakoutDraft>(),
    /**
     * When every open room closes by itself (a host's "close in 60 s", later a breakout timer). Due work in
     * the database, not in a timer: whichever app process sees it due first closes the rooms, once.
     */
    closesAt: timestamp('closes_at', { withTimezone: true }),
    /** "Let participants choose": participants may move themselves into an open room with a free seat. */
    selfSelectEnabled: boolean('self_select_enabled').notNull().default(false),
    /** Seats per room while participants choose (1..1000); null: no cap. */
    selfSelectCapacity: integer('self_select_capacity'),
    /** Late joiners go straight to the room with the fewest people when they join while rooms run. */
    lateJoinersAutoPlace: boolean('late_joiners_auto_place').notNull().default(false),
    updatedAt: updatedAt(),
    /**
     * The breakout timer: when the rooms' time is up, how long before that everyone is warned, and whether
     * the rooms then close by themselves (closed by the same deadline machinery as closes_at). Null: none.
     */
    timerEndsAt: timestamp('timer_ends_at', { withTimezone: true }),
    timerWarningSeconds: integer('timer_warning_seconds'),
    timerAutoClose: boolean('timer_auto_close'),
  },
  // The sweep asks for due deadlines often; only the few pending ones are indexed.
  (t) => [
    index('breakout_states_closes_at_idx')
      .on(t.closesAt)
      .where(sql`${t.closesAt} is not null`),
    index('breakout_states_timer_ends_at_idx')
      .on(t.timerEndsAt)
      .where(sql`${t.timerEndsAt} is not null and ${t.timerAutoClose}`),
    check(
      'breakout_states_timer_shape',
      sql`(${t.timerEndsAt} is null) = (${t.timerWarningSeconds} is null) and (${t.timerEndsAt} is null) = (${t.timerAutoClose} is null) and (${t.timerWarningSeconds} is null or ${t.timerWarningSeconds} in (10, 30, 60, 120))`,
    ),
  ],
);

/** Rooms and assignments a host prepares before starting them. Room keys are draft-local ids. */
export interface BreakoutDraft {
  rooms: Array<{ key: string; title: string }>;
  assignments: Record<string, string>;
}

/**
 * Named room plans of a main meeting (rooms and who goes where, in the draft's shape), applied to the draft
 * in one step: last week's groups for a recurring class. The `automatic` plan "Last rooms" is rewritten
 * whenever the rooms close, so a host can recreate them. Participant ids are kept as they were: applying
 * drops (and reports) those no longer in the meeting.
 */
export const breakoutPlans = pgTable(
  'breakout_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mainMeetingId: uuid('main_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    rooms: jsonb('rooms').$type<BreakoutDraft['rooms']>().notNull(),
    assignments: jsonb('assignments').$type<BreakoutDraft['assignments']>().notNull(),
    automatic: boolean('automatic').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('breakout_plans_name_idx').on(t.mainMeetingId, t.name)],
);
export type BreakoutPlan = typeof breakoutPlans.$inferSelect;

/**
 * The append-only log of everything that changes a main meeting's breakout state, written in the same
 * transaction as the change. Ids grow in commit order within a main meeting (its row is locked while
 * appending), so they double as SSE event ids.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    mainMeetingId: uuid('main_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    actor: jsonb('actor').$type<EventActor>().notNull(),
    /**
     * Set for what only one meeting of the family may see (a room's chat and polls): subscribers in other
     * rooms are not sent it. Hosts see every room. Not a foreign key: the log outlives nothing it names.
     */
    roomId: uuid('room_id'),
    /** `hosts`: only subscribers with host powers receive it (help requests). Null: everyone it concerns. */
    audience: text('audience', { enum: ['hosts'] }),
    /** How the stream may send it (never part of the event itself): see `EventHints`. */
    hints: jsonb('hints').$type<EventHints>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_meeting_idx').on(t.mainMeetingId, t.id),
    // Recent moves, read by every app process's straggler sweep (lib/breakout/enforce.ts).
    index('events_moves_idx')
      .on(t.createdAt)
      .where(sql`${t.type} = 'participants_moved'`),
  ],
);
export type EventRow = typeof events.$inferSelect;

/**
 * What a move's row knows of the meeting it left, for the event stream only (the API and webhooks never
 * show it): how many people were left in the source meeting, and how many of them were not hidden. When
 * nobody a subscriber could see is left, the stream names the move's largest group as "everyone else who
 * was in the source meeting" instead of listing them (lib/events/grouped-moves.ts).
 */
export interface EventHints {
  left_in_source: number;
  visible_left_in_source: number;
  /**
   * Who they are, when they are at most as many as the move took (and some): the stream then sends the
   * move compact with them named as staying (lib/events/grouped-moves.ts). Absent otherwise.
   */
  left_ids?: string[];
  /** The same for those of them who are not hidden. */
  visible_left_ids?: string[];
  /**
   * A large move's largest group as bits over everyone who was in the source meeting just before it, in
   * the order of their ids (lib/events/grouped-moves.ts `sourceBits`), when shorter than naming ids.
   */
  source_bits?: string;
  /** How many people the bits are over. */
  source_size?: number;
  /** The same over those of them who were not hidden (absent when the group takes a hidden one). */
  visible_source_bits?: string;
  visible_source_size?: number;
}

export type EventActor =
  { kind: 'host'; host_id: string } | { kind: 'participant'; participant_id: string } | { kind: 'system' };

// ---- Chat, polls and help requests: each belongs to one meeting (a breakout room is a meeting) ----

/** One chat message, said in one meeting or room. A host's broadcast is a message in each room it reached. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    mainMeetingId: uuid('main_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    /** The participant who wrote it; null for a host writing through the API or dashboard, or once removed. */
    participantId: uuid('participant_id').references(() => participants.id, { onDelete: 'set null' }),
    /** The name shown with it, kept as it was when said. */
    senderName: text('sender_name').notNull(),
    kind: text('kind', { enum: ['message', 'broadcast'] })
      .notNull()
      .default('message'),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('chat_messages_meeting_idx').on(t.meetingId, t.createdAt),
    index('chat_messages_sender_idx').on(t.participantId, t.createdAt),
    check('chat_messages_body_length', sql`char_length(${t.body}) between 1 and 2000`),
  ],
);
export type ChatMessage = typeof chatMessages.$inferSelect;

export const polls = pgTable(
  'polls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    mainMeetingId: uuid('main_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    createdByParticipantId: uuid('created_by_participant_id').references(() => participants.id, {
      onDelete: 'set null',
    }),
    creatorName: text('creator_name').notNull(),
    question: text('question').notNull(),
    /** Votes are counted but nobody sees who voted for what. */
    anonymous: boolean('anonymous').notNull().default(false),
    /** Results stay hidden from a participant until they have voted. */
    hideVotes: boolean('hide_votes').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('polls_meeting_idx').on(t.meetingId, t.createdAt)],
);
export type Poll = typeof polls.$inferSelect;

export const pollOptions = pgTable(
  'poll_options',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    /** 0-based, as `option_index` in a vote. */
    position: integer('position').notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.position] })],
);

/** One vote per participant per poll (the primary key), for an option the poll has (the foreign key). */
export const pollVotes = pgTable(
  'poll_votes',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    optionIndex: integer('option_index').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.pollId, t.participantId] }),
    foreignKey({
      name: 'poll_votes_option_fk',
      columns: [t.pollId, t.optionIndex],
      foreignColumns: [pollOptions.pollId, pollOptions.position],
    }).onDelete('cascade'),
  ],
);

/** A participant asking the hosts for help from the room they are in; open until a host takes it. */
export const helpRequests = pgTable(
  'help_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mainMeetingId: uuid('main_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    message: text('message'),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
  },
  (t) => [
    index('help_requests_main_idx').on(t.mainMeetingId, t.createdAt),
    // At most one open request per participant: asking again while one is open returns it.
    uniqueIndex('help_requests_open_idx')
      .on(t.participantId)
      .where(sql`${t.resolvedAt} is null`),
  ],
);
export type HelpRequest = typeof helpRequests.$inferSelect;

// ---- Limits shared by every app instance (lib/limits/) ----

/** One fixed-window counter per limit and key (a hashed IP, account or credential). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowStart)],
);

/** An open event stream, held by the credential that opened it; renewed while open, dropped on close. */
export const streamLeases = pgTable(
  'stream_leases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    credential: text('credential').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('stream_leases_credential_idx').on(t.credential, t.expiresAt)],
);

// ---- Recordings: one per recorded meeting or room, driven by the supervisor (lib/recording/supervisor.ts) ----

export const RECORDING_STATUSES = [
  'INVOKED',
  'RECORDING',
  'PAUSED',
  'UPLOADING',
  'UPLOADED',
  'ERRORED',
] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export interface RecordingCaller {
  name: string;
  type: 'ORGANIZATION' | 'USER';
  user_id?: string;
}
export interface RecordingStartReason {
  reason: 'API_CALL' | 'RECORD_ON_START';
  caller: RecordingCaller;
}
export interface RecordingStopReason {
  reason: 'API_CALL' | 'ALL_PEERS_LEFT' | 'ROOM_CLOSED' | 'MAX_DURATION' | 'INTERNAL_ERROR';
  message?: string;
  caller?: RecordingCaller;
}

/**
 * A recording of one meeting or room. The app process that started it holds a lease (`lease_owner`,
 * `lease_until`, renewed while its recorder runs); a row still unfinished after its lease ran out lost its
 * process, and whichever process sees it first resolves it (stores what was written, or ERRORED).
 */
export const recordings = pgTable(
  'recordings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    mainMeetingId: uuid('main_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    status: text('status', { enum: RECORDING_STATUSES }).notNull().default('INVOKED'),
    backend: text('backend', { enum: ['embedded', 'egress'] })
      .notNull()
      .default('embedded'),
    egressId: text('egress_id'),
    invokedTime: timestamp('invoked_time', { withTimezone: true }).notNull().defaultNow(),
    startedTime: timestamp('started_time', { withTimezone: true }),
    stoppedTime: timestamp('stopped_time', { withTimezone: true }),
    durationSeconds: integer('duration_seconds'),
    fileSize: bigint('file_size', { mode: 'number' }),
    outputFileName: text('output_file_name'),
    storageKey: text('storage_key'),
    maxSeconds: integer('max_seconds'),
    startReason: jsonb('start_reason').$type<RecordingStartReason>().notNull(),
    stopReason: jsonb('stop_reason').$type<RecordingStopReason>(),
    /** Why it failed, as a sentence a person can read. */
    error: text('error'),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('recordings_main_idx').on(t.mainMeetingId, t.invokedTime),
    index('recordings_meeting_idx').on(t.meetingId, t.invokedTime),
    // At most one recording in progress per meeting or room: a second start is a 409.
    uniqueIndex('recordings_active_idx')
      .on(t.meetingId)
      .where(sql`${t.status} in ('INVOKED', 'RECORDING', 'PAUSED')`),
    // The sweep looks for unfinished rows whose lease ran out.
    index('recordings_unfinished_idx')
      .on(t.leaseUntil)
      .where(sql`${t.status} in ('INVOKED', 'RECORDING', 'PAUSED', 'UPLOADING')`),
    check('recordings_max_seconds', sql`${t.maxSeconds} is null or ${t.maxSeconds} between 1 and 86400`),
  ],
);
export type Recording = typeof recordings.$inferSelect;

// ---- Meeting sessions: a main meeting's live instances, from media presence ----

/**
 * One session of a main meeting (RealtimeKit's session): it starts when the first person's media connects
 * to the meeting or any of its rooms and ends when the last one has left and nobody came back within the
 * keep-alive (lib/sessions/lifecycle.ts). Breakout rooms are part of their main meeting's session.
 */
export const meetingSessions = pgTable(
  'meeting_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mainMeetingId: uuid('main_meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** When the last person left; null while the session is live. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /**
     * Set while nobody is connected: when the last person left. The session ends (due work in the
     * database, picked by any process) once the keep-alive has passed with nobody back.
     */
    quietSince: timestamp('quiet_since', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('meeting_sessions_meeting_idx').on(t.mainMeetingId, t.startedAt),
    index('meeting_sessions_quiet_idx')
      .on(t.quietSince)
      .where(sql`${t.endedAt} is null`),
  ],
);
export type MeetingSession = typeof meetingSessions.$inferSelect;

/**
 * One media connection of a person to one room during a session (a LiveKit participant sid), from its
 * join to its leave as the media server reported them. Either end may arrive first (deliveries are not
 * ordered); a connection without its join yet counts for nothing. Who it was is kept as it was then, so a
 * report outlives a removed participant or a deleted room (hence no foreign keys to them).
 */
export const meetingSessionConnections = pgTable(
  'meeting_session_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => meetingSessions.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id').notNull(),
    /** The meeting (main meeting or breakout room) whose media room it was. */
    room: uuid('room').notNull(),
    connectionSid: text('connection_sid').notNull(),
    displayName: text('display_name').notNull(),
    customParticipantId: text('custom_participant_id'),
    presetName: text('preset_name').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('meeting_session_connections_sid_idx').on(t.connectionSid),
    index('meeting_session_connections_session_idx').on(t.sessionId, t.joinedAt),
  ],
);
export type MeetingSessionConnection = typeof meetingSessionConnections.$inferSelect;
// ---- Outgoing webhooks: a host's endpoints and the delivery queue (which is also the delivery log) ----

/** A host's webhook endpoint. `secret` signs deliveries (Standard Webhooks); it is shown once. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hostId: text('host_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    secret: text('secret').notNull(),
    /** Set when every delivery failed for days and the server turned the endpoint off; cleared on enable. */
    disabledReason: text('disabled_reason'),
    /** The first failure since the last success (null while deliveries succeed). */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_host_idx').on(t.hostId)],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/**
 * One event for one endpoint. Pending rows are the queue: `next_attempt_at` is when it may be sent (a
 * process sending it pushes it past its timeout, so a process that dies mid-send leaves it to be sent
 * again). `seq` orders the events of one meeting for one endpoint.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The main meeting the event belongs to (no foreign key: the log outlives a deleted meeting). */
    meetingId: uuid('meeting_id'),
    type: text('type').notNull(),
    /** The body sent: `{type, timestamp, data}`. */
    payload: jsonb('payload').$type<{ type: string; timestamp: string; data: unknown }>().notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    /** What went wrong on the last attempt, or the start of the receiver's answer. */
    lastError: text('last_error'),
    responseSnippet: text('response_snippet'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set on a copy made by "Resend": the delivery it repeats. */
    resentFrom: uuid('resent_from'),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.seq),
    // The worker's queue: pending rows by due time, and the head of each endpoint's meeting.
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_order_idx')
      .on(t.endpointId, t.meetingId, t.seq)
      .where(sql`${t.status} = 'pending'`),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
