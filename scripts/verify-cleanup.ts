// What the deployment verifier leaves in the host's account: nothing. Before the suite runs, the account's
// presets and meetings are recorded; afterwards everything that was not there before is removed through
// the REST API with the host's key: participants deleted, breakout rooms deleted, meetings ended
// (INACTIVE: the API, like RealtimeKit's, has no way to delete a meeting) and presets deleted. API keys
// are revoked in the dashboard by the caller (e2e/verify-teardown.ts), since keys are no API resource.

/** One REST call with the host's key: status and parsed envelope. */
export type Send = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: { data?: unknown; paging?: { total_count: number }; error?: unknown } }>;

/** The fields of an answer's `data` this file reads. */
type Data = { meetings?: Array<{ id: string }>; status?: string } | undefined;

export interface Inventory {
  presets: string[];
  meetings: string[];
}

/** Every item of a paged list, 100 at a time. */
async function all(send: Send, path: string): Promise<Array<{ id: string; [k: string]: unknown }>> {
  const out: Array<{ id: string }> = [];
  for (let page = 1; ; page++) {
    const res = await send('GET', `${path}?page_no=${page}&per_page=100`);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body.error)}`);
    const items = res.body.data as Array<{ id: string }>;
    out.push(...items);
    if (items.length < 100 || out.length >= (res.body.paging?.total_count ?? 0)) return out;
  }
}

/** The presets and meetings the account holds now. */
export async function inventory(send: Send): Promise<Inventory> {
  const [presets, meetings] = await Promise.all([all(send, '/presets'), all(send, '/meetings')]);
  return { presets: presets.map((p) => p.id), meetings: meetings.map((m) => m.id) };
}

export interface CleanupReport {
  meetings: number;
  participants: number;
  rooms: number;
  presets: number;
  /** What could not be removed, in words; empty when the account is as it was. */
  leftBehind: string[];
}

/** Removes everything made since `before`, then checks that nothing of it is left. */
export async function cleanUp(send: Send, before: Inventory): Promise<CleanupReport> {
  const report: CleanupReport = { meetings: 0, participants: 0, rooms: 0, presets: 0, leftBehind: [] };
  const now = await inventory(send);
  const newMeetings = now.meetings.filter((id) => !before.meetings.includes(id));
  for (const id of newMeetings) {
    const state = await send('GET', `/meetings/${id}/connected-meetings`);
    const rooms = ((state.body.data as Data)?.meetings ?? []).map((r) => r.id);
    if (rooms.length) {
      const res = await send('DELETE', `/meetings/${id}/connected-meetings`, { meeting_ids: rooms });
      if (res.status === 200) report.rooms += rooms.length;
    }
    for (const p of await all(send, `/meetings/${id}/participants`)) {
      const res = await send('DELETE', `/meetings/${id}/participants/${p.id}`);
      if (res.status === 200) report.participants += 1;
    }
    const res = await send('PATCH', `/meetings/${id}`, { status: 'INACTIVE' });
    if (res.status === 200) report.meetings += 1;
  }
  for (const id of now.presets.filter((p) => !before.presets.includes(p))) {
    const res = await send('DELETE', `/presets/${id}`);
    if (res.status === 200) report.presets += 1;
  }
  report.leftBehind = await leftBehind(send, before);
  return report;
}

/** What the run left in the account: new presets, and new meetings still active, with people or rooms. */
export async function leftBehind(send: Send, before: Inventory): Promise<string[]> {
  const out: string[] = [];
  const now = await inventory(send);
  for (const id of now.presets.filter((p) => !before.presets.includes(p))) out.push(`preset ${id}`);
  for (const id of now.meetings.filter((m) => !before.meetings.includes(m))) {
    const meeting = await send('GET', `/meetings/${id}`);
    if ((meeting.body.data as Data)?.status !== 'INACTIVE') out.push(`meeting ${id} is still active`);
    const people = await all(send, `/meetings/${id}/participants`);
    if (people.length) out.push(`meeting ${id} has ${people.length} participants`);
    const state = await send('GET', `/meetings/${id}/connected-meetings`);
    const rooms = (state.body.data as Data)?.meetings ?? [];
    if (rooms.length) out.push(`meeting ${id} has ${rooms.length} breakout rooms`);
  }
  return out;
}

/** `Send` against a deployment's REST API with an API key. */
export const sendTo =
  (baseUrl: string, key: string): Send =>
  async (method, path, body) => {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as never };
  };
