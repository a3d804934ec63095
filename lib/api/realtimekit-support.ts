// What an integrator can call through Cloudflare's SDK (`client.realtimeKit.*`) against this app, for the
// dashboard's "Use it from RealtimeKit code" page. tests/integration/realtimekit-sdk.test.ts drives each.

export const SUPPORTED_SDK_METHODS: ReadonlyArray<{ resource: string; methods: string[]; note?: string }> = [
  {
    resource: 'meetings',
    methods: ['create', 'get (list)', 'getMeetingByID', 'updateMeetingByID', 'replaceMeetingByID'],
    note: 'persist_chat, ai_config, recording_config and the like are stored and returned as given, not acted on.',
  },
  {
    resource: 'meetings (participants)',
    methods: [
      'addParticipant',
      'getMeetingParticipants',
      'getMeetingParticipant',
      'editParticipant',
      'deleteMeetingParticipant',
      'refreshParticipantToken',
    ],
    note: 'The token works in this app; the answer also holds a join_url to send people to.',
  },
  {
    resource: 'presets',
    methods: ['create', 'get (list)', 'getPresetByID', 'update', 'delete'],
    note: 'config, ui and the permissions we do not act on are stored and returned as given; media can_produce CAN_REQUEST is refused.',
  },
  {
    resource: 'activeSession',
    methods: ['getActiveSession', 'kickParticipants', 'kickAllParticipants'],
    note: 'POST …/active-session/mute-all works too (Dyte’s path, no SDK method).',
  },
  {
    resource: 'recordings',
    methods: [
      'startRecordings',
      'getRecordings',
      'getOneRecording',
      'getActiveRecordings',
      'pauseResumeStopRecording',
    ],
    note: 'Until a file is finished, output_file_name, recording_duration and stop_reason are null.',
  },
  {
    resource: 'sessions',
    methods: ['getSessions', 'getSessionDetails', 'getSessionParticipants'],
    note: 'include_breakout_rooms and view raw|consolidated as in RealtimeKit; a live session has ended_at null, and someone still there left_at null.',
  },
  {
    resource: 'webhooks',
    methods: [
      'createWebhook',
      'getWebhooks',
      'getWebhookByID',
      'editWebhook',
      'replaceWebhook',
      'deleteWebhook',
    ],
    note: 'Creating answers the signing secret (whsec_…) once; breakout.* and chat.message events are ours in addition.',
  },
];
