// RealtimeKit's REST API, driven by Cloudflare's official SDK (npm `cloudflare`, `client.realtimeKit.*`)
// over real HTTP against this app's handler, with only its baseURL and API token changed, as an
// integrator moving from the reference product would. Every answer is checked at runtime against the
// response type the SDK declares (tests/support/sdk-types.ts), every success answer against our OpenAPI
// document, and what the SDK made is read back through /api/v1. PGlite only: the paths, validation and
// services are the ones /api/v1 uses, which every driver's suite covers.
import Cloudflare from 'cloudflare';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { meetings } from '@/db/schema';
import { REALTIMEKIT_BASE_PATH, createRealtimeKitRouter, NOT_YET_SERVED } from '@/lib/api/realtimekit';
import { endpoints } from '@/lib/api/endpoints';
import { listApps } from '@/lib/apps/service';
import { closeBus } from '@/lib/events/bus';
import { api, newHost } from '../support/api';
import { listenFetchServer } from '../support/fetch-server';
import { deliverJoined, useMediaKeys } from '../support/media-webhook';
import { checkAnswer } from '../support/openapi-check';
import { ok, openDatabase, UUID } from '../support/rest';
import { sdkTypeProblems } from '../support/sdk-types';

const onPglite = (process.env.TEST_DB ?? 'pglite') === 'pglite';
const ACCOUNT = 'any-account';

let server: Awaited<ReturnType<typeof listenFetchServer>>;
let host: Awaited<ReturnType<typeof newHost>>;
let appId: string;
let cf: Cloudflare;
let base: string;

/** Our fetch, recording nothing but checking each success answer against the OpenAPI document. */
const checkedFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const url = new URL(res.url);
  if (res.ok) {
    const v1Path = url.pathname.replace(/^.*\/realtime\/kit\/[^/]+/, '');
    checkAnswer(init?.method ?? 'GET', v1Path, res.status, await res.clone().json());
  }
  return res;
};

beforeAll(async () => {
  useMediaKeys();
  await openDatabase();
  host = await newHost();
  appId = (await listApps(host.id))[0]!.id;
  server = await listenFetchServer(createRealtimeKitRouter(endpoints));
  base = `${server.url}${REALTIMEKIT_BASE_PATH}`;
  cf = new Cloudflare({ apiToken: host.key, baseURL: base, maxRetries: 0, fetch: checkedFetch });
});
afterAll(async () => {
  await server?.stop();
  await closeBus();
});

/**
 * Where our answers differ from the SDK's declared types, on purpose and documented (README, "Use it from
 * RealtimeKit code"): a recording not yet finished has null, where the SDK declares the field absent or a
 * string. Anything else that differs fails.
 */
const KNOWN_DIFFERENCES = [
  /\.data\.output_file_name: expected a string, got null$/,
  /\.data\.recording_duration: expected number \| undefined, got null$/,
  /\.data\.stop_reason: expected StopReason \| undefined, got null$/,
  /\.data\[\d+\]\.output_file_name: expected a string, got null$/,
  /\.data\[\d+\]\.recording_duration: expected number \| undefined, got null$/,
  /\.data\[\d+\]\.stop_reason: expected StopReason \| undefined, got null$/,
  // A live session has not ended, nor has someone still there left: null where the SDK declares the
  // field absent.
  /\.ended_at: expected string \| undefined, got null$/,
  /\.participants\[\d+\]\.left_at: expected string \| undefined, got null$/,
];

/** The `data` of an SDK answer, after checking the whole answer against the SDK's declared type. */
function typed<T extends { data?: unknown }>(file: string, type: string, answer: T): NonNullable<T['data']> {
  const problems = sdkTypeProblems(file, type, answer).filter(
    (p) => !((file === 'recordings' || file === 'sessions') && KNOWN_DIFFERENCES.some((d) => d.test(p))),
  );
  expect(problems, `${type}: ${JSON.stringify(answer)}`).toEqual([]);
  expect(answer.data).toBeDefined();
  return answer.data!;
}

/** The SDK's error for a refused call: its HTTP status and the body in RealtimeKit's error shape. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Cloudflare.APIError);
  const { status, error } = err as InstanceType<typeof Cloudflare.APIError>;
  expect(error).toEqual({ success: false, error: { code: status, message: expect.any(String) as string } });
  return { status: status!, message: (error as { error: { message: string } }).error.message };
}

const ids = () => ({ account_id: ACCOUNT, app_id: appId });

function mediaGrants(token: string) {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    video: { canPublishSources?: string[] };
  };
  return payload.video;
}

describe.runIf(onPglite)("Cloudflare's RealtimeKit SDK against this app", () => {
  it('meetings: create, list, get, update and replace; the fields we do not act on come back as given', async () => {
    const m = cf.realtimeKit.meetings;
    const aiConfig = { summarization: { summary_type: 'lecture', word_limit: 300 } };
    const created = typed(
      'meetings',
      'MeetingCreateResponse',
      await m.create(appId, {
        account_id: ACCOUNT,
        title: 'Workshop',
        record_on_start: false,
        persist_chat: true,
        ai_config: aiConfig as never,
      }),
    );
    expect(created).toMatchObject({
      title: 'Workshop',
      status: 'ACTIVE',
      persist_chat: true,
      ai_config: aiConfig,
    });
    expect(created.id).toMatch(UUID);

    const listed = await m.get(appId, { account_id: ACCOUNT, search: 'Workshop' });
    expect(typed('meetings', 'MeetingGetResponse', listed).map((x) => x.id)).toEqual([created.id]);
    expect(listed.paging).toEqual({ start_offset: 1, end_offset: 1, total_count: 1 });

    const got = typed('meetings', 'MeetingGetMeetingByIDResponse', await m.getMeetingByID(created.id, ids()));
    expect(got).toEqual(created);

    const updated = typed(
      'meetings',
      'MeetingUpdateMeetingByIDResponse',
      await m.updateMeetingByID(created.id, { ...ids(), title: 'Workshop (day 2)', summarize_on_end: true }),
    );
    expect(updated).toMatchObject({ title: 'Workshop (day 2)', persist_chat: true, summarize_on_end: true });

    const replaced = typed(
      'meetings',
      'MeetingReplaceMeetingByIDResponse',
      await m.replaceMeetingByID(created.id, { ...ids(), title: 'Replaced' }),
    );
    expect(replaced).toMatchObject({ title: 'Replaced', status: 'ACTIVE', record_on_start: false });
    expect(replaced).not.toHaveProperty('persist_chat');

    // The same meeting through /api/v1.
    const v1 = await ok<Record<string, unknown>>(200, 'GET', `/meetings/${created.id}`, { key: host.key });
    expect(v1).toEqual(replaced);
  });

  it("participants: add, list, get, edit, refresh the token and delete; the token opens the meeting's media", async () => {
    const m = cf.realtimeKit.meetings;
    const meeting = typed(
      'meetings',
      'MeetingCreateResponse',
      await m.create(appId, { account_id: ACCOUNT, title: 'Class' }),
    );
    const added = typed(
      'meetings',
      'MeetingAddParticipantResponse',
      await m.addParticipant(meeting.id, {
        ...ids(),
        custom_participant_id: 'u-17',
        preset_name: 'participant',
        name: 'Ada',
      }),
    );
    expect(added).toMatchObject({ custom_participant_id: 'u-17', preset_name: 'participant', name: 'Ada' });
    expect((added as { join_url?: string }).join_url).toMatch(/^http:\/\/localhost:3000\/join\//);
    // Our own token route takes the SDK's token as the participant's credential.
    const media = await ok<{ room: string; token: string }>(200, 'POST', '/livekit/token', {
      headers: { authorization: `Bearer ${added.token}` },
    });
    expect(media.room).toBe(meeting.id);

    const nameless = typed(
      'meetings',
      'MeetingAddParticipantResponse',
      await m.addParticipant(meeting.id, { ...ids(), custom_participant_id: 'u-18', preset_name: 'host' }),
    );
    expect(nameless.name).toBe('Participant');

    const listed = await m.getMeetingParticipants(meeting.id, ids());
    const people = typed('meetings', 'MeetingGetMeetingParticipantsResponse', listed);
    expect(people.map((p) => p.custom_participant_id).sort()).toEqual(['u-17', 'u-18']);
    expect(people.every((p) => !('token' in p))).toBe(true);

    const at = { ...ids(), meeting_id: meeting.id };
    const got = typed(
      'meetings',
      'MeetingGetMeetingParticipantResponse',
      await m.getMeetingParticipant(added.id, at),
    );
    expect(got).toMatchObject({ id: added.id, name: 'Ada' });

    const edited = typed(
      'meetings',
      'MeetingEditParticipantResponse',
      await m.editParticipant(added.id, { ...at, name: 'Ada L.', preset_name: 'host' }),
    );
    expect(edited).toMatchObject({ name: 'Ada L.', preset_name: 'host', token: added.token });

    const fresh = typed(
      'meetings',
      'MeetingRefreshParticipantTokenResponse',
      await m.refreshParticipantToken(added.id, at),
    );
    expect(fresh.token).not.toBe(added.token);
    const old = await api('POST', '/livekit/token', { headers: { authorization: `Bearer ${added.token}` } });
    expect(old.status).toBe(401);
    await ok(200, 'POST', '/livekit/token', { headers: { authorization: `Bearer ${fresh.token}` } });

    const deleted = typed(
      'meetings',
      'MeetingDeleteMeetingParticipantResponse',
      await m.deleteMeetingParticipant(nameless.id, at),
    );
    expect(deleted).toMatchObject({ custom_participant_id: 'u-18' });
    const gone = await api('GET', `/meetings/${meeting.id}/participants/${nameless.id}`, { key: host.key });
    expect(gone.status).toBe(404);
  });

  it('presets: the full document is stored and returned as given, and the permissions we enforce are enforced', async () => {
    const p = cf.realtimeKit.presets;
    const config = {
      view_type: 'WEBINAR',
      max_screenshare_count: 2,
      max_video_streams: { desktop: 9, mobile: 4 },
      media: { video: { quality: 'hd', frame_rate: 24 }, screenshare: { quality: 'fhd', frame_rate: 10 } },
    } as const;
    const ui = {
      design_tokens: {
        border_radius: 'sharp',
        border_width: 'fat',
        spacing_base: 6,
        theme: 'light',
        colors: {
          background: { '600': '#111', '700': '#222', '800': '#333', '900': '#444', '1000': '#555' },
          brand: { '300': '#a00', '400': '#b00', '500': '#c00', '600': '#d00', '700': '#e00' },
          danger: '#f00',
          success: '#0f0',
          text: '#fff',
          text_on_brand: '#000',
          video_bg: '#010101',
          warning: '#ff0',
        },
      },
    } as const;
    const permissions = {
      accept_waiting_requests: true,
      can_accept_production_requests: false,
      can_change_participant_permissions: false,
      can_edit_display_name: true,
      can_livestream: false,
      can_record: false,
      can_spotlight: false,
      chat: {
        public: { can_send: false, text: true, files: false },
        private: { can_send: true, can_receive: true, text: true, files: false },
      },
      connected_meetings: {
        can_alter_connected_meetings: false,
        can_switch_connected_meetings: true,
        can_switch_to_parent_meeting: true,
      },
      disable_participant_audio: false,
      disable_participant_screensharing: false,
      disable_participant_video: false,
      hidden_participant: false,
      kick_participant: false,
      media: {
        audio: { can_produce: 'NOT_ALLOWED' },
        video: { can_produce: 'ALLOWED' },
        screenshare: { can_produce: 'NOT_ALLOWED' },
      },
      pin_participant: true,
      plugins: { can_close: false, can_edit_config: false, can_start: false, config: {} },
      polls: { can_create: false, can_view: true, can_vote: true },
      recorder_type: 'NONE',
      show_participant_list: true,
      waiting_room_type: 'ON_PRIVILEGED_USER_ENTRY',
      stage_access: 'CAN_REQUEST',
    } as const;
    const created = typed(
      'presets',
      'PresetCreateResponse',
      await p.create(appId, { account_id: ACCOUNT, name: 'listener', config, ui, permissions }),
    );
    expect(created).toMatchObject({ name: 'listener', config, ui, permissions });

    const listed = await p.get(appId, { account_id: ACCOUNT });
    expect(typed('presets', 'PresetGetResponse', listed).map((x) => x.name)).toEqual([
      'host',
      'listener',
      'participant',
    ]);
    const got = typed('presets', 'PresetGetPresetByIDResponse', await p.getPresetByID(created.id, ids()));
    expect(got).toEqual(created);

    const updated = typed(
      'presets',
      'PresetUpdateResponse',
      await p.update(created.id, {
        ...ids(),
        config: { max_screenshare_count: 3 },
        ui: { design_tokens: { theme: 'dark' } },
      }),
    );
    expect(updated.config).toEqual({ ...config, max_screenshare_count: 3 });
    expect(updated.ui.design_tokens).toEqual({ ...ui.design_tokens, theme: 'dark' });
    expect(updated.permissions).toEqual(created.permissions);
    expect(await ok(200, 'GET', `/presets/${created.id}`, { key: host.key })).toEqual(updated);

    // Enforced: someone with this preset gets no microphone from the media server.
    const meeting = await cf.realtimeKit.meetings.create(appId, { account_id: ACCOUNT, title: 'Talk' });
    const person = await cf.realtimeKit.meetings.addParticipant(meeting.data!.id, {
      ...ids(),
      custom_participant_id: 'listener-1',
      preset_name: 'listener',
    });
    const media = await ok<{ token: string }>(200, 'POST', '/livekit/token', {
      headers: { authorization: `Bearer ${person.data!.token}` },
    });
    expect(mediaGrants(media.token).canPublishSources).not.toContain('microphone');
    // A permission we cannot enforce is refused with the field named, and nothing changes.
    const refused = await refusal(
      p.update(created.id, {
        ...ids(),
        permissions: { media: { video: { can_produce: 'CAN_REQUEST' } } } as never,
      }),
    );
    expect(refused).toEqual({
      status: 400,
      message: expect.stringContaining('permissions.media.video.can_produce') as string,
    });

    const unused = typed(
      'presets',
      'PresetCreateResponse',
      await p.create(appId, { account_id: ACCOUNT, name: 'spare', config, ui, permissions }),
    );
    typed('presets', 'PresetDeleteResponse', await p.delete(unused.id, ids()));
    expect((await api('GET', `/presets/${unused.id}`, { key: host.key })).status).toBe(404);
  });

  it('active session: get it while someone is connected, mute everyone, end it for everyone', async () => {
    const a = cf.realtimeKit.activeSession;
    const meeting = (await cf.realtimeKit.meetings.create(appId, { account_id: ACCOUNT, title: 'Live' }))
      .data!;
    expect(await refusal(a.getActiveSession(meeting.id, ids()))).toMatchObject({ status: 404 });
    const ada = (
      await cf.realtimeKit.meetings.addParticipant(meeting.id, {
        ...ids(),
        custom_participant_id: 'a',
        preset_name: 'participant',
        name: 'Ada',
      })
    ).data!;
    await deliverJoined(ada.id, meeting.id);
    const session = typed(
      'active-session',
      'ActiveSessionGetActiveSessionResponse',
      await a.getActiveSession(meeting.id, ids()),
    );
    expect(session).toMatchObject({
      associated_id: meeting.id,
      status: 'LIVE',
      live_participants: 1,
      meeting_display_name: 'Live',
    });

    // Mute all has no SDK method (it is Dyte's v2 path); the SDK's own client calls it.
    const muted = await cf.post<{ success: boolean; data: { muted_participants: number } }>(
      `/accounts/${ACCOUNT}/realtime/kit/${appId}/meetings/${meeting.id}/active-session/mute-all`,
      { body: { allow_unmute: false } },
    );
    expect(muted).toMatchObject({ success: true, data: { allow_unmute: false } });
    const [row] = await (await db()).select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(row?.audioLocked).toBe(true);

    typed(
      'active-session',
      'ActiveSessionKickAllParticipantsResponse',
      await a.kickAllParticipants(meeting.id, ids()),
    );
    const v1 = await ok<{ status: string }>(200, 'GET', `/meetings/${meeting.id}`, { key: host.key });
    expect(v1.status).toBe('INACTIVE');
  });

  it('recordings: start, list, get, the active one, stop', async () => {
    const r = cf.realtimeKit.recordings;
    const meeting = (await cf.realtimeKit.meetings.create(appId, { account_id: ACCOUNT, title: 'Recorded' }))
      .data!;
    const started = typed(
      'recordings',
      'RecordingStartRecordingsResponse',
      await r.startRecordings(appId, { account_id: ACCOUNT, meeting_id: meeting.id }),
    );
    expect(started.status).toBe('INVOKED');
    const listed = await r.getRecordings(appId, { account_id: ACCOUNT, meeting_id: meeting.id });
    expect(typed('recordings', 'RecordingGetRecordingsResponse', listed).map((x) => x.id)).toEqual([
      started.id,
    ]);
    typed('recordings', 'RecordingGetOneRecordingResponse', await r.getOneRecording(started.id, ids()));
    const active = typed(
      'recordings',
      'RecordingGetActiveRecordingsResponse',
      await r.getActiveRecordings(meeting.id, ids()),
    );
    expect(active.id).toBe(started.id);
    const stopped = typed(
      'recordings',
      'RecordingPauseResumeStopRecordingResponse',
      await r.pauseResumeStopRecording(started.id, { ...ids(), action: 'stop' }),
    );
    expect(stopped.id).toBe(started.id);
  });

  it('webhooks: create (the secret once), list, get, edit, replace and delete', async () => {
    const w = cf.realtimeKit.webhooks;
    const body = { name: 'Ends', url: 'https://hooks.example.com/rtk', events: ['meeting.ended' as const] };
    const created = typed(
      'webhooks',
      'WebhookCreateWebhookResponse',
      await w.createWebhook(appId, { account_id: ACCOUNT, ...body }),
    );
    expect(created).toMatchObject({ ...body, enabled: true });
    expect((created as { secret?: string }).secret).toMatch(/^whsec_/);
    const listed = typed(
      'webhooks',
      'WebhookGetWebhooksResponse',
      await w.getWebhooks(appId, { account_id: ACCOUNT }),
    );
    expect(listed.map((x) => x.id)).toContain(created.id);
    const got = typed('webhooks', 'WebhookGetWebhookByIDResponse', await w.getWebhookByID(created.id, ids()));
    expect(got).toMatchObject(body);
    expect((got as { secret?: string }).secret).toBeUndefined();
    const edited = typed(
      'webhooks',
      'WebhookEditWebhookResponse',
      await w.editWebhook(created.id, { ...ids(), enabled: false }),
    );
    expect(edited.enabled).toBe(false);
    const replaced = typed(
      'webhooks',
      'WebhookReplaceWebhookResponse',
      await w.replaceWebhook(created.id, {
        ...ids(),
        ...body,
        name: 'Starts and ends',
        events: ['meeting.started', 'meeting.ended'],
      }),
    );
    expect(replaced).toMatchObject({ name: 'Starts and ends', events: ['meeting.started', 'meeting.ended'] });
    const v1 = await ok<Array<{ id: string }>>(200, 'GET', '/webhooks', { key: host.key });
    expect(v1.map((x) => x.id)).toContain(created.id);
    typed('webhooks', 'WebhookDeleteWebhookResponse', await w.deleteWebhook(created.id, ids()));
    expect(await refusal(w.getWebhookByID(created.id, ids()))).toMatchObject({ status: 404 });
  });

  it('sessions: a meeting with someone connected has a live session, with its participants', async () => {
    const s = cf.realtimeKit.sessions;
    const meeting = (await cf.realtimeKit.meetings.create(appId, { account_id: ACCOUNT, title: 'Class' }))
      .data!;
    const ada = (
      await cf.realtimeKit.meetings.addParticipant(meeting.id, {
        ...ids(),
        custom_participant_id: 'session-a',
        preset_name: 'participant',
        name: 'Ada',
      })
    ).data!;
    await deliverJoined(ada.id, meeting.id);
    const listed = typed(
      'sessions',
      'SessionGetSessionsResponse',
      await s.getSessions(appId, { account_id: ACCOUNT, associated_id: meeting.id }),
    );
    expect(listed.sessions).toHaveLength(1);
    const live = listed.sessions![0]!;
    expect(live).toMatchObject({ associated_id: meeting.id, status: 'LIVE' });
    const details = typed(
      'sessions',
      'SessionGetSessionDetailsResponse',
      await s.getSessionDetails(live.id, { ...ids(), include_breakout_rooms: true }),
    );
    expect(details).toMatchObject({ id: live.id, status: 'LIVE' });
    // The active session is that session.
    const active = typed(
      'active-session',
      'ActiveSessionGetActiveSessionResponse',
      await cf.realtimeKit.activeSession.getActiveSession(meeting.id, ids()),
    );
    expect(active).toMatchObject({ id: live.id, started_at: live.started_at, live_participants: 1 });
    const people = typed(
      'sessions',
      'SessionGetSessionParticipantsResponse',
      await s.getSessionParticipants(live.id, { ...ids(), view: 'consolidated' }),
    );
    expect(people.participants!.map((p) => p.custom_participant_id)).toEqual(['session-a']);
    const v1 = await ok<{ sessions: Array<{ id: string }> }>(
      200,
      'GET',
      `/sessions?meeting_id=${meeting.id}`,
      {
        key: host.key,
      },
    );
    expect(v1.sessions.map((x) => x.id)).toEqual([live.id]);
  });

  it("errors come in RealtimeKit's shape with its statuses; what we do not serve yet is a 501 naming it", async () => {
    const m = cf.realtimeKit.meetings;
    const unknownApp = await refusal(
      m.create('00000000-0000-4000-8000-000000000000', { account_id: ACCOUNT }),
    );
    expect(unknownApp).toEqual({ status: 404, message: expect.stringContaining('No app') as string });
    const other = await newHost();
    const othersApp = (await listApps(other.id))[0]!.id;
    // Another account's app is as unknown as one that does not exist.
    expect(await refusal(m.create(othersApp, { account_id: ACCOUNT }))).toEqual({
      status: 404,
      message: unknownApp.message.replace('00000000-0000-4000-8000-000000000000', othersApp),
    });

    const badKey = new Cloudflare({ apiToken: 'not-a-key', baseURL: base, maxRetries: 0 });
    expect(await refusal(badKey.realtimeKit.meetings.get(appId, { account_id: ACCOUNT }))).toMatchObject({
      status: 401,
    });
    expect(await refusal(m.getMeetingByID('00000000-0000-4000-8000-000000000000', ids()))).toMatchObject({
      status: 404,
    });
    expect(await refusal(m.create(appId, { account_id: ACCOUNT, title: '' }))).toEqual({
      status: 400,
      message: 'title must not be empty',
    });

    const chat = await refusal(
      cf.realtimeKit.sessions.getSessionChat('00000000-0000-4000-8000-000000000000', ids()),
    );
    expect(chat).toMatchObject({ status: 501, message: expect.stringContaining('chat exports') as string });
    const feature = NOT_YET_SERVED.find((n) => n.path.test('/livestreams'))!.feature;
    expect(
      await refusal(cf.realtimeKit.livestreams.getAllLivestreams(appId, { account_id: ACCOUNT })),
    ).toEqual({
      status: 501,
      message: `${feature} is not available on this server yet.`,
    });
  });
});
