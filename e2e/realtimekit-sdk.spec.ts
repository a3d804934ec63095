import Cloudflare from 'cloudflare';
import { expect, test } from './fixtures';
import { createApiKey, signInHost } from './pages/host-account';
import { MeetingPage } from './pages/meeting-page';

// Code written for Cloudflare RealtimeKit, pointed at this app with the app id and base URL the dashboard
// shows: a preset it makes appears in the dashboard, and a participant token it gets joins the meeting
// page and connects to the media server.

test('a participant token from Cloudflare’s SDK joins the meeting page and connects', async ({
  browser,
  hostAccount,
  people,
}) => {
  test.setTimeout(90_000);
  const hostContext = await browser.newContext();
  const host = await hostContext.newPage();
  await signInHost(host, hostAccount);
  const apiToken = await createApiKey(host, 'e2e realtimekit');
  await host.goto('/dashboard/api-keys/realtimekit');
  await expect(host.getByRole('heading', { name: 'Use it from RealtimeKit code' })).toBeVisible();
  const appId = (await host.getByTestId('app-id').textContent())!;
  const baseURL = (await host.getByTestId('base-url').textContent())!;
  await expect(host.getByText(`meetings.create('${appId}'`)).toBeVisible();

  const cf = new Cloudflare({ apiToken, baseURL, maxRetries: 0 });
  const ids = { account_id: 'e2e', app_id: appId };
  const preset = `sdk-${Date.now().toString(36)}`;
  await cf.realtimeKit.presets.create(appId, {
    account_id: 'e2e',
    name: preset,
    config: {
      view_type: 'GROUP_CALL',
      max_screenshare_count: 1,
      max_video_streams: { desktop: 4, mobile: 2 },
      media: { video: { quality: 'vga', frame_rate: 15 }, screenshare: { quality: 'hd', frame_rate: 5 } },
    },
    ui: { design_tokens: { theme: 'light' } } as never,
    permissions: { media: { audio: { can_produce: 'ALLOWED' } } } as never,
  });
  await host.goto('/dashboard/presets');
  await expect(host.getByText(preset, { exact: true })).toBeVisible();

  const meeting = (await cf.realtimeKit.meetings.create(appId, { account_id: 'e2e', title: 'SDK meeting' }))
    .data!;
  const ada = (
    await cf.realtimeKit.meetings.addParticipant(meeting.id, {
      ...ids,
      custom_participant_id: 'ada-1',
      preset_name: preset,
      name: 'Ada',
    })
  ).data!;
  await hostContext.close();

  const [person] = await people(1);
  const page = new MeetingPage(person!.page, 'Ada');
  // The token alone is enough: /join/{token} is the join link the answer also gives.
  expect((ada as { join_url?: string }).join_url).toMatch(new RegExp(`/join/${ada.token}$`));
  await page.open(`/join/${ada.token}`);
  await page.join();
  await expect(page.tile('Ada (you)')).toBeVisible();
  // The media server reports the connection, and RealtimeKit's active session counts it.
  await expect
    .poll(
      async () =>
        (await cf.realtimeKit.activeSession.getActiveSession(meeting.id, ids).catch(() => undefined))?.data
          ?.live_participants,
      { timeout: 20_000, intervals: [500] },
    )
    .toBe(1);
});
