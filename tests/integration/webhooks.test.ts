// Outgoing webhooks end to end: real receivers (local HTTP servers), the real delivery worker, real
// breakout commands, and app instances restarted mid-retry. Signatures are checked with node:crypto here,
// not with the app's signing code.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import { resetEnvCache } from '@/lib/env';
import { queueWebhookEvent } from '@/lib/webhooks/queue';
import { startWebhookDeliveries, stopWebhookDeliveries } from '@/lib/webhooks/worker';
import { api, cmPath, createRooms, hostMove, newHost, type Host } from '../support/breakout';
import { addParticipant, ok, openDatabase } from '../support/rest';
import { startInstance } from '../support/spawn-instance';
import { waitFor } from '../support/sse';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A webhook receiver: answers each request with what `answer` says (status, and a delay in ms). */
async function receiver(
  answer: (r: Received, n: number) => { status: number; delayMs?: number } = () => ({ status: 200 }),
) {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { headers: req.headers, body, at: Date.now() };
      requests.push(r);
      const { status, delayMs = 0 } = answer(r, requests.length);
      setTimeout(
        () => res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`),
        delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    /** The events that were answered 2xx, in the order they arrived. */
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Standard Webhooks verification, written from the convention (not from the app's code). */
function verify(secret: string, r: Received): boolean {
  const id = String(r.headers['webhook-id']);
  const timestamp = String(r.headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${r.body}`).digest();
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** Waits for a condition checked over HTTP, at a pace that leaves the instance alone. */
async function slowly(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the instance');
    await new Promise((r) => setTimeout(r, 150));
  }
}

const parsed = (r: Received) => JSON.parse(r.body) as { type: string; timestamp: string; data: any };

function setEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  resetEnvCache();
}

const createHook = (host: Host, body: Record<string, unknown>) =>
  ok<{ id: string; secret: string }>(201, 'POST', '/webhooks', { key: host.key, body });

async function deliveries(host: Host, id: string) {
  return ok<any[]>(200, 'GET', `/webhooks/${id}/deliveries`, { key: host.key });
}

beforeAll(async () => {
  setEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_TIMEOUT_MS: '3000' });
  await openDatabase();
});

afterAll(() => stopWebhookDeliveries());

describe('a receiver that fails twice, across an app restart', () => {
  it('gets the event on the third try, with the same webhook-id and a valid signature each time', async () => {
    const host = await newHost();
    const hook = receiver((_r, n) => ({ status: n <= 2 ? 500 : 204 }));
    const r = await hook;
    const created = await createHook(host, { name: 'Flaky', url: r.url, events: ['breakout.roomsCreated'] });
    const meeting = await ok<{ id: string }>(201, 'POST', '/meetings', {
      key: host.key,
      body: { title: 'Restart' },
    });
    // Queued with the command; nothing in this process sends it (its worker is not started yet).
    await createRooms(host.key, meeting.id, 2);

    // The test process lets go of the database (PGlite allows one process per folder) for the instance.
    await closeDb();
    const env = { WEBHOOK_RETRY_BASE_MS: '1500' };
    const first = await startInstance(env);
    const call = async (instance: { url: string }) => {
      const res = await fetch(`${instance.url}/api/v1/webhooks/${created.id}/deliveries`, {
        headers: { authorization: `Bearer ${host.key}` },
      });
      return ((await res.json()) as { data: any[] }).data;
    };
    try {
      await slowly(async () => {
        const [row] = await call(first);
        return row?.attempts === 2 && row.last_status_code === 500;
      });
    } finally {
      await first.stop();
    }
    expect(r.requests).toHaveLength(2);
    // The next process to run (this one, its worker never started before) finds the retry in the queue.
    await db();
    startWebhookDeliveries();
    await slowly(async () => (await deliveries(host, created.id))[0]?.status === 'delivered');
    const [row] = await deliveries(host, created.id);
    expect(row).toMatchObject({ attempts: 3, last_status_code: 204, status: 'delivered' });
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(1);
    for (const q of r.requests) expect(verify(created.secret, q)).toBe(true);
    // A wrong secret or a changed body does not verify.
    expect(verify(`whsec_${Buffer.from('not the secret').toString('base64')}`, r.requests[0]!)).toBe(false);
    expect(
      verify(created.secret, { ...r.requests[0]!, body: r.requests[0]!.body.replace('Room', 'Rooom') }),
    ).toBe(false);
    const event = parsed(r.requests[2]!);
    expect(event.type).toBe('breakout.roomsCreated');
    expect(event.data.main_meeting_id).toBe(meeting.id);
    expect(event.data.meetings.map((m: { title: string }) => m.title)).toEqual(['Room 1', 'Room 2']);
    await r.close();
  }, 90_000);
});

describe('with this process delivering', () => {
  // Started by the restart test already; starting twice does nothing.
  beforeAll(() => startWebhookDeliveries());

  it('sends the events of real breakout commands, each only to endpoints subscribed to it', async () => {
    const host = await newHost();
    const all = await receiver();
    const some = await receiver();
    const everything = await createHook(host, {
      name: 'All breakout',
      url: all.url,
      events: ['breakout.roomsCreated', 'breakout.participantsMoved', 'breakout.roomsClosed', 'chat.message'],
    });
    await createHook(host, { name: 'Rooms only', url: some.url, events: ['breakout.roomsCreated'] });
    const other = await newHost();
    const stranger = await receiver();
    await createHook(other, { name: 'Other host', url: stranger.url, events: ['breakout.roomsCreated'] });

    const meeting = await ok<{ id: string }>(201, 'POST', '/meetings', {
      key: host.key,
      body: { title: 'Hooks' },
    });
    const ada = await addParticipant(host.key, meeting.id, { name: 'Ada', preset_name: 'participant' });
    const [room] = await createRooms(host.key, meeting.id, 1);
    await hostMove(host.key, meeting.id, meeting.id, room!, [ada.id]);
    await ok(201, 'POST', `/meetings/${room}/chat`, { key: host.key, body: { message: 'Hello room' } });
    await ok(200, 'DELETE', cmPath(meeting.id), { key: host.key, body: { meeting_ids: [room] } });

    await waitFor(() => all.requests.length >= 5 && some.requests.length >= 1, 15_000);
    const types = all.requests.map((q) => parsed(q).type);
    // Closing a room moves its people back to the main meeting first.
    expect(types).toEqual([
      'breakout.roomsCreated',
      'breakout.participantsMoved',
      'chat.message',
      'breakout.participantsMoved',
      'breakout.roomsClosed',
    ]);
    for (const q of all.requests) expect(verify(everything.secret, q)).toBe(true);
    const [, moved, chat, back, closed] = all.requests.map(parsed);
    expect(moved!.data).toMatchObject({
      main_meeting_id: meeting.id,
      source_meeting_id: meeting.id,
      destination_meeting_id: room,
      participants: [expect.objectContaining({ id: ada.id })],
    });
    expect(chat!.data.message).toMatchObject({ meeting_id: room, message: 'Hello room' });
    expect(back!.data).toMatchObject({ source_meeting_id: room, destination_meeting_id: meeting.id });
    expect(closed!.data.meeting_ids).toEqual([room]);
    expect(some.requests.map((q) => parsed(q).type)).toEqual(['breakout.roomsCreated']);
    expect(stranger.requests).toHaveLength(0);

    // The delivery log shows each attempt's status code; "resend" sends the event again with a new id.
    await waitFor(async () => (await deliveries(host, everything.id)).every((d) => d.status === 'delivered'));
    const log = await deliveries(host, everything.id);
    expect(log.map((d) => [d.type, d.status, d.last_status_code])).toEqual([
      ['breakout.roomsClosed', 'delivered', 200],
      ['breakout.participantsMoved', 'delivered', 200],
      ['chat.message', 'delivered', 200],
      ['breakout.participantsMoved', 'delivered', 200],
      ['breakout.roomsCreated', 'delivered', 200],
    ]);
    const resent = await ok<{ id: string; resent_from: string }>(
      201,
      'POST',
      `/webhooks/${everything.id}/deliveries/${log[4].id}/resend`,
      { key: host.key },
    );
    expect(resent.resent_from).toBe(log[4].id);
    await waitFor(() => all.requests.length === 6, 10_000);
    const again = all.requests[5]!;
    expect(again.headers['webhook-id']).toBe(resent.id);
    expect(parsed(again)).toEqual(parsed(all.requests[0]!));
    expect(verify(everything.secret, again)).toBe(true);
    await Promise.all([all.close(), some.close(), stranger.close()]);
  });

  it("delivers one meeting's events to an endpoint in order, while another meeting's go on", async () => {
    const host = await newHost();
    const failuresOfFirst = { left: 2 };
    const r = await receiver((q) => {
      const e = parsed(q);
      if (e.data.n === 0 && e.data.meeting === 'A' && failuresOfFirst.left-- > 0) return { status: 503 };
      return { status: 200, delayMs: e.data.n === 1 ? 150 : 0 };
    });
    const hook = await createHook(host, { name: 'Ordered', url: r.url, events: ['meeting.started'] });
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const d = await db();
    for (let n = 0; n < 5; n++) {
      // Each in its own transaction, as separate commands would be.
      await d.transaction(async (tx) => {
        await queueWebhookEvent(tx, {
          hostId: host.id,
          meetingId: a,
          type: 'meeting.started',
          data: { meeting: 'A', n },
        });
        await queueWebhookEvent(tx, {
          hostId: host.id,
          meetingId: b,
          type: 'meeting.started',
          data: { meeting: 'B', n },
        });
      });
    }
    await waitFor(() => r.requests.filter((q) => parsed(q).data.meeting === 'A').length === 7, 15_000);
    await waitFor(() => r.requests.filter((q) => parsed(q).data.meeting === 'B').length === 5, 15_000);
    const order = (m: string) =>
      r.requests
        .map(parsed)
        .filter((e) => e.data.meeting === m)
        .map((e) => e.data.n);
    // A's first event failed twice: nothing later of A went out before it was answered 2xx.
    expect(order('A')).toEqual([0, 0, 0, 1, 2, 3, 4]);
    expect(order('B')).toEqual([0, 1, 2, 3, 4]);
    // B's first event did not wait behind A's retries (which back off for over half a second).
    const arrival = r.requests.map(parsed).map((e) => `${e.data.meeting}${e.data.n}`);
    expect(arrival.indexOf('B0')).toBeLessThan(arrival.lastIndexOf('A0'));
    for (const q of r.requests) expect(verify(hook.secret, q)).toBe(true);
    await r.close();
  });

  it('sends a backlog one after another in order, and holds what is behind a failed event until it is delivered', async () => {
    const host = await newHost();
    let open = 0;
    let mostAtOnce = 0;
    let failN2 = 1;
    const r = await receiver((q) => {
      open++;
      mostAtOnce = Math.max(mostAtOnce, open);
      setTimeout(() => open--, 20);
      if (parsed(q).data.n === 2 && failN2-- > 0) return { status: 503, delayMs: 20 };
      return { status: 204, delayMs: 20 };
    });
    const hook = await createHook(host, { name: 'Backlog', url: r.url, events: ['meeting.ended'] });
    const meetingId = crypto.randomUUID();
    // The queue builds up while no process sends (as after an outage), then one claim takes the lane.
    stopWebhookDeliveries();
    const d = await db();
    for (let n = 0; n < 6; n++)
      await d.transaction((tx) =>
        queueWebhookEvent(tx, { hostId: host.id, meetingId, type: 'meeting.ended', data: { n } }),
      );
    startWebhookDeliveries();
    await waitFor(() => r.requests.length === 7, 15_000);
    expect(r.requests.map((q) => parsed(q).data.n)).toEqual([0, 1, 2, 2, 3, 4, 5]);
    expect(mostAtOnce, 'one meeting is sent to an endpoint one event at a time').toBe(1);
    await slowly(async () => (await deliveries(host, hook.id)).every((row) => row.status === 'delivered'));
    const log = await deliveries(host, hook.id);
    expect(log.map((row) => [row.status, row.attempts])).toEqual(
      [1, 1, 2, 1, 1, 1].map((attempts) => ['delivered', attempts]).reverse(),
    );
    await r.close();
  });

  it('refuses at delivery a name that resolves to a loopback address, and a link-local address always', async () => {
    const host = await newHost();
    const r = await receiver();
    // Saved while the operator allowed private destinations; the rule is checked again at delivery.
    const byName = await createHook(host, {
      name: 'By name',
      url: `http://localhost:${r.port}/hook`,
      events: ['meeting.ended'],
    });
    // A link-local destination saved before any check existed (written to the table directly).
    const d = await db();
    const [metadata] = await d
      .insert(webhookEndpoints)
      .values({
        hostId: host.id,
        name: 'Metadata',
        url: 'http://169.254.169.254/latest/meta-data',
        events: ['meeting.ended'],
        secret: 'whsec_AAAA',
      })
      .returning();
    setEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' });
    try {
      await d.transaction((tx) =>
        queueWebhookEvent(tx, { hostId: host.id, meetingId: null, type: 'meeting.ended', data: {} }),
      );
      await waitFor(async () => Boolean((await deliveries(host, byName.id))[0]?.last_error), 10_000);
      await waitFor(async () => Boolean((await deliveries(host, metadata!.id))[0]?.last_error), 10_000);
    } finally {
      setEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    }
    const [refused] = await deliveries(host, byName.id);
    expect(refused).toMatchObject({ status: 'pending', last_status_code: null });
    expect(refused.last_error).toMatch(/localhost resolves to .*loopback or private/);
    const [metadataRow] = await deliveries(host, metadata!.id);
    expect(metadataRow.last_error).toMatch(/link-local/);
    expect(r.requests).toHaveLength(0);
    await r.close();
  });

  it('disables an endpoint whose every delivery failed for the whole retry period, with a notice', async () => {
    const host = await newHost();
    const r = await receiver(() => ({ status: 500 }));
    const hook = await createHook(host, { name: 'Down', url: r.url, events: ['meeting.ended'] });
    setEnv({ WEBHOOK_RETRY_FOR_MS: '1200' });
    try {
      const d = await db();
      await d.transaction((tx) =>
        queueWebhookEvent(tx, { hostId: host.id, meetingId: null, type: 'meeting.ended', data: {} }),
      );
      await waitFor(
        async () => (await ok<any>(200, 'GET', `/webhooks/${hook.id}`, { key: host.key })).enabled === false,
        15_000,
      );
    } finally {
      setEnv({ WEBHOOK_RETRY_FOR_MS: String(3 * 24 * 3_600_000) });
    }
    const got = await ok<any>(200, 'GET', `/webhooks/${hook.id}`, { key: host.key });
    expect(got.disabled_reason).toMatch(/Every delivery failed .*500/);
    const [row] = await deliveries(host, hook.id);
    expect(row.status).toBe('failed');
    // Enabling it again clears the notice.
    const enabled = await ok<any>(200, 'PATCH', `/webhooks/${hook.id}`, {
      key: host.key,
      body: { enabled: true },
    });
    expect(enabled).toMatchObject({ enabled: true, disabled_reason: null });
    await r.close();
  });
});

describe('webhook endpoints CRUD', () => {
  it('shows the secret once, validates every field by name, and scopes endpoints to their host', async () => {
    const host = await newHost();
    const created = await createHook(host, {
      name: 'CRM',
      url: 'https://hooks.example.com/in',
      events: ['meeting.participantJoined', 'meeting.participantJoined', 'recording.statusUpdate'],
    });
    expect(created).toMatchObject({ name: 'CRM', enabled: true, disabled_reason: null });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect((created as any).events).toEqual(['meeting.participantJoined', 'recording.statusUpdate']);
    const read = await ok<Record<string, unknown>>(200, 'GET', `/webhooks/${created.id}`, { key: host.key });
    expect(read).not.toHaveProperty('secret');
    const listed = await api('GET', '/webhooks', { key: host.key });
    expect(listed.body.data.map((w: any) => w.id)).toEqual([created.id]);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);

    const refusals: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: 'x', url: 'ftp://example.com', events: ['meeting.started'] }, 'url', /http or https/],
      [{ name: 'x', url: 'http://169.254.169.254/', events: ['meeting.started'] }, 'url', /link-local/],
      [{ name: 'x', url: 'https://example.com', events: [] }, 'events', /at least one/],
      [{ name: 'x', url: 'https://example.com', events: ['meeting.exploded'] }, 'events.0', /may hold only/],
      [{ name: '', url: 'https://example.com', events: ['meeting.started'] }, 'name', /must not be empty/],
      [
        { name: 'x', url: 'https://example.com', events: ['meeting.started'], secret: 'mine' },
        'secret',
        /Unknown field/,
      ],
      [{ url: 'https://example.com', events: ['meeting.started'] }, 'name', /name must be a string/i],
    ];
    for (const [body, field, message] of refusals) {
      const res = await api('POST', '/webhooks', { key: host.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid', field });
      expect(res.body.error!.message).toMatch(message);
    }
    // Loopback and private literal addresses are refused at save unless the operator allows them.
    setEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' });
    try {
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://10.0.0.8/x',
        'http://[::1]/x',
        'http://192.168.1.20/x',
      ]) {
        const res = await api('POST', '/webhooks', {
          key: host.key,
          body: { name: 'x', url, events: ['meeting.started'] },
        });
        expect(res.status, url).toBe(400);
        expect(res.body.error).toMatchObject({ field: 'url' });
        expect(res.body.error!.message).toMatch(/loopback or private .*WEBHOOK_ALLOW_PRIVATE_URLS/);
      }
      const patch = await api('PATCH', `/webhooks/${created.id}`, {
        key: host.key,
        body: { url: 'http://127.0.0.1/' },
      });
      expect(patch.status).toBe(400);
    } finally {
      setEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    }

    const patched = await ok<any>(200, 'PATCH', `/webhooks/${created.id}`, {
      key: host.key,
      body: { enabled: false, events: ['chat.message'] },
    });
    expect(patched).toMatchObject({ enabled: false, events: ['chat.message'], name: 'CRM' });
    const put = await ok<any>(200, 'PUT', `/webhooks/${created.id}`, {
      key: host.key,
      body: { name: 'CRM 2', url: 'https://hooks.example.com/v2', events: ['meeting.ended'], enabled: true },
    });
    expect(put).toMatchObject({ name: 'CRM 2', url: 'https://hooks.example.com/v2', enabled: true });
    const empty = await api('PATCH', `/webhooks/${created.id}`, { key: host.key, body: {} });
    expect(empty.status).toBe(400);

    // Another host sees none of it.
    const other = await newHost();
    for (const [method, path] of [
      ['GET', `/webhooks/${created.id}`],
      ['DELETE', `/webhooks/${created.id}`],
      ['GET', `/webhooks/${created.id}/deliveries`],
    ] as const) {
      const res = await api(method, path, { key: other.key });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error!.code).toBe('not_found:webhook');
    }
    const badId = await api('GET', '/webhooks/not-a-uuid', { key: host.key });
    expect(badId.body.error).toMatchObject({ code: 'invalid', field: 'webhook_id' });
    const noDelivery = await api('POST', `/webhooks/${created.id}/deliveries/${crypto.randomUUID()}/resend`, {
      key: host.key,
    });
    expect(noDelivery.status).toBe(404);

    await ok(200, 'DELETE', `/webhooks/${created.id}`, { key: host.key });
    expect((await api('GET', `/webhooks/${created.id}`, { key: host.key })).status).toBe(404);
    expect((await api('GET', '/webhooks')).status).toBe(401);
  });
});
