// Plans made before the meeting and saved plans: a CSV plan imported into the draft (preview first, bad
// lines refused with their numbers, unknown people and repeats reported), exported back, saved as named
// plans, applied, and "Last rooms" kept when rooms close so they can be recreated. Runs on every driver.
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '@/lib/api/endpoints';
import { createRouter } from '@/lib/api/router';
import { resetEnvCache } from '@/lib/env';
import { api } from '../support/api';
import {
  asCookie,
  cmPath,
  eventRows,
  everything,
  expectBreakoutRefusal,
  expectInvariants,
  family,
  getState,
  newHost,
  type Host,
} from '../support/breakout';
import { ok } from '../support/rest';

beforeAll(() => {
  // A media token is only signed here (nothing connects): it says which room a late guest lands in.
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: 'plans-key',
    LIVEKIT_API_SECRET: 'plans-secret-plans-secret-plans-secret',
  });
  resetEnvCache();
});

const handle = createRouter(endpoints);
type Draft = { rooms: Array<{ key: string; title: string }>; assignments: Record<string, string> };

const importCsv = (key: string, meetingId: string, csv: string, preview = false) =>
  api('POST', cmPath(meetingId, `/draft/import${preview ? '?preview=true' : ''}`), {
    key,
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });

const getDraft = (key: string, meetingId: string) =>
  ok<{ draft: Draft }>(200, 'GET', cmPath(meetingId, '/draft'), { key }).then((d) => d.draft);

/** Who goes to which room title, by participant id. */
const groups = (d: Draft) =>
  Object.fromEntries(
    Object.entries(d.assignments).map(([id, k]) => [id, d.rooms.find((r) => r.key === k)!.title]),
  );

async function classOf(host: Host) {
  return family(host, { Ada: 'participant', Ben: 'participant', Cleo: 'participant', Dan: 'participant' });
}

describe('CSV plans', () => {
  it('a plan imported while the meeting is inactive places everyone when rooms start, connected or not', async () => {
    const host = await newHost();
    const f = await classOf(host);
    await ok(200, 'PATCH', `/meetings/${f.meetingId}`, { key: host.key, body: { status: 'INACTIVE' } });
    const res = await importCsv(host.key, f.meetingId, 'room,name\r\nBlue,Ada\r\nRed,Ben\r\nBlue,Cleo\r\n');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.saved).toBe(true);
    expect(res.body.data.draft.rooms.map((r: { title: string }) => r.title)).toEqual(['Blue', 'Red']);
    expect(groups(await getDraft(host.key, f.meetingId))).toEqual({
      [f.seats.Ada!.id]: 'Blue',
      [f.seats.Ben!.id]: 'Red',
      [f.seats.Cleo!.id]: 'Blue',
    });
    expect((await eventRows(f.meetingId)).map((e) => e.type)).toContain('draft_updated');

    await ok(200, 'PATCH', `/meetings/${f.meetingId}`, { key: host.key, body: { status: 'ACTIVE' } });
    await ok(200, 'POST', cmPath(f.meetingId, '/draft/start'), { key: host.key, body: {} });
    const state = await getState(host.key, f.meetingId);
    const roomOf = (id: string) => state.meetings.find((m) => m.participants.some((p) => p.id === id));
    expect(roomOf(f.seats.Ada!.id)?.title).toBe('Blue');
    expect(roomOf(f.seats.Cleo!.id)?.title).toBe('Blue');
    expect(roomOf(f.seats.Ben!.id)?.title).toBe('Red');
    expect(state.parent_meeting.participants.map((p) => p.id)).toEqual([f.seats.Dan!.id]);
    // Nobody has connected yet: a guest who opens their link later gets the media room of their room.
    const token = await ok<{ room: string }>(200, 'POST', '/livekit/token', { key: f.seats.Ben!.token });
    expect(token.room).toBe(roomOf(f.seats.Ben!.id)!.id);
    await expectInvariants(f.meetingId, f.title);
  });

  it('a preview reports matched, unknown and repeated people and changes nothing; the import then leaves them out', async () => {
    const host = await newHost();
    const f = await classOf(host);
    const csv = [
      '\uFEFFroom,participant_id,name',
      `"Room ""A"", east",,Ada`,
      `B,${f.seats.Ben!.id},`,
      'B,,Zed',
      '',
      'B,,ada',
      `"Room ""A"", east",,Ben`,
    ].join('\n');
    const before = await everything();
    const preview = await importCsv(host.key, f.meetingId, csv, true);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.data.saved).toBe(false);
    expect(preview.body.data.matched.map((m: { line: number }) => m.line)).toEqual([2, 3]);
    expect(preview.body.data.unknown).toEqual([
      { line: 4, column: 'name', value: 'Zed', reason: 'not_found' },
    ]);
    expect(
      preview.body.data.duplicates.map((d: { line: number; first_line: number }) => [d.line, d.first_line]),
    ).toEqual([
      [6, 2],
      [7, 3],
    ]);
    expect(await everything()).toBe(before);

    const saved = await importCsv(host.key, f.meetingId, csv);
    expect(saved.status).toBe(200);
    expect(groups(await getDraft(host.key, f.meetingId))).toEqual({
      [f.seats.Ada!.id]: 'Room "A", east',
      [f.seats.Ben!.id]: 'B',
    });
  });

  it('refuses a file with bad lines, listing each line and why, and changes nothing', async () => {
    const host = await newHost();
    const f = await classOf(host);
    await importCsv(host.key, f.meetingId, 'room,name\nKeep,Ada\n');
    const before = await everything();
    const bad = `room,name\nA,Ada\n,Ben\n${'x'.repeat(101)},Cleo\nB,"Dan\nC,Dan,extra\n`;
    const res = await importCsv(host.key, f.meetingId, bad);
    expectBreakoutRefusal(res, { status: 400, code: 'invalid:csv', mentions: 'line 3: the room is missing' });
    expect(res.body.error!.message).toContain('line 4: the room title is longer than 100');
    expect(res.body.error!.message).toMatch(/line 5: a quoted field is never closed/);
    for (const header of ['room,email', 'name', 'room']) {
      const r = await importCsv(host.key, f.meetingId, `${header}\nA,b\n`);
      expectBreakoutRefusal(r, { status: 400, code: 'invalid:csv', mentions: 'line 1' });
    }
    const json = await api('POST', cmPath(f.meetingId, '/draft/import'), { key: host.key, body: {} });
    expectBreakoutRefusal(json, { status: 415, code: 'unsupported:content_type', mentions: 'text/csv' });
    const huge = await importCsv(host.key, f.meetingId, 'room,name\n' + 'A,Someone\n'.repeat(30_000));
    expectBreakoutRefusal(huge, { status: 413, code: 'too_large:body' });
    const many = await importCsv(host.key, f.meetingId, 'room,name\n' + 'A,B\n'.repeat(2001));
    expectBreakoutRefusal(many, { status: 400, code: 'invalid:csv', mentions: 'at most 2000 rows' });
    expect(await everything()).toBe(before);
  });

  it('exports the draft as a CSV file that imports back to the same draft', async () => {
    const host = await newHost();
    const f = await classOf(host);
    await importCsv(host.key, f.meetingId, 'room,name\n"North, upper",Ada\nEmpty,\nSouth,Ben\nSouth,Cleo\n');
    const original = await getDraft(host.key, f.meetingId);
    const res = await handle(
      new Request(`http://localhost:3000/api/v1${cmPath(f.meetingId, '/draft/export')}`, {
        headers: { authorization: `Bearer ${host.key}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const csv = await res.text();
    await importCsv(host.key, f.meetingId, 'room,name\nOther,Dan\n');
    expect((await importCsv(host.key, f.meetingId, csv)).status).toBe(200);
    const back = await getDraft(host.key, f.meetingId);
    expect(back.rooms.map((r) => r.title)).toEqual(['North, upper', 'Empty', 'South']);
    expect(groups(back)).toEqual(groups(original));
  });

  it('a participant without full access cannot import; the browser can send text/csv with its cookie', async () => {
    const host = await newHost();
    const f = await family(host, { Ada: 'participant', Hal: 'host' });
    const byAda = await api('POST', cmPath(f.meetingId, '/draft/import'), {
      ...asCookie(f.meetingId, f.seats.Ada!),
      rawBody: 'room,name\nA,Ada\n',
    });
    expect(byAda.status).toBe(415); // not text/csv
    const cookie = asCookie(f.meetingId, f.seats.Ada!);
    const refused = await api('POST', cmPath(f.meetingId, '/draft/import'), {
      headers: { ...cookie.headers, 'content-type': 'text/csv' },
      rawBody: 'room,name\nA,Ada\n',
    });
    expectBreakoutRefusal(refused, { status: 403, code: 'forbidden:can_alter_connected_meetings' });
    const hal = asCookie(f.meetingId, f.seats.Hal!);
    const taken = await api('POST', cmPath(f.meetingId, '/draft/import'), {
      headers: { ...hal.headers, 'content-type': 'text/csv' },
      rawBody: 'room,name\nA,Ada\n',
    });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
  });
});

describe('saved plans', () => {
  const plansPath = (meetingId: string, rest = '') => `/meetings/${meetingId}/plans${rest}`;
  type Plan = { id: string; name: string; rooms: number; assigned: number; automatic: boolean };
  const listPlans = (key: string, meetingId: string) =>
    ok<{ plans: Plan[] }>(200, 'GET', plansPath(meetingId), { key }).then((d) => d.plans);

  it('saves the draft under a unique name, lists, applies (dropping people who left) and deletes plans', async () => {
    const host = await newHost();
    const f = await classOf(host);
    const empty = await api('POST', plansPath(f.meetingId), { key: host.key, body: { name: 'Week 1' } });
    expectBreakoutRefusal(empty, { status: 400, code: 'invalid:empty_plan' });
    await importCsv(host.key, f.meetingId, 'room,name\nA,Ada\nA,Ben\nB,Cleo\nB,Dan\n');
    const week1 = await ok<Plan>(201, 'POST', plansPath(f.meetingId), {
      key: host.key,
      body: { name: 'Week 1' },
    });
    expect(week1).toMatchObject({ name: 'Week 1', rooms: 2, assigned: 4, automatic: false });
    const again = await api('POST', plansPath(f.meetingId), { key: host.key, body: { name: 'Week 1' } });
    expectBreakoutRefusal(again, { status: 409, code: 'conflict:plan_name', field: 'name' });
    const reserved = await api('POST', plansPath(f.meetingId), {
      key: host.key,
      body: { name: 'last rooms' },
    });
    expectBreakoutRefusal(reserved, { status: 400, code: 'invalid:plan_name' });
    const long = await api('POST', plansPath(f.meetingId), { key: host.key, body: { name: 'x'.repeat(81) } });
    expectBreakoutRefusal(long, { status: 400, code: 'invalid', field: 'name' });
    expect((await listPlans(host.key, f.meetingId)).map((p) => p.name)).toEqual(['Week 1']);
    const log = await eventRows(f.meetingId);
    expect(log.at(-1)?.type).toBe('plans_updated');

    await importCsv(host.key, f.meetingId, 'room,name\nOther,Ada\n');
    await ok(200, 'DELETE', `/meetings/${f.meetingId}/participants/${f.seats.Dan!.id}`, { key: host.key });
    const applied = await ok<{ draft: Draft; dropped: string[] }>(
      200,
      'POST',
      plansPath(f.meetingId, `/${week1.id}/apply`),
      { key: host.key, body: {} },
    );
    expect(applied.dropped).toEqual([f.seats.Dan!.id]);
    expect(groups(await getDraft(host.key, f.meetingId))).toEqual({
      [f.seats.Ada!.id]: 'A',
      [f.seats.Ben!.id]: 'A',
      [f.seats.Cleo!.id]: 'B',
    });

    const other = await family(host, { Eve: 'participant' });
    const foreign = await api('POST', plansPath(other.meetingId, `/${week1.id}/apply`), {
      key: host.key,
      body: {},
    });
    expectBreakoutRefusal(foreign, { status: 404, code: 'not_found:plan' });
    await ok(200, 'DELETE', plansPath(f.meetingId, `/${week1.id}`), { key: host.key });
    const gone = await api('DELETE', plansPath(f.meetingId, `/${week1.id}`), { key: host.key });
    expectBreakoutRefusal(gone, { status: 404, code: 'not_found:plan' });
    expect(await listPlans(host.key, f.meetingId)).toEqual([]);
    const stranger = await newHost();
    const theirs = await api('GET', plansPath(f.meetingId), { key: stranger.key });
    expect(theirs.status).toBe(404);
  });

  it('keeps the last rooms when they close, so the same groups can be recreated; running rooms can be saved', async () => {
    const host = await newHost();
    const f = await classOf(host);
    await importCsv(host.key, f.meetingId, 'room,name\nTigers,Ada\nTigers,Ben\nLions,Cleo\n');
    await ok(200, 'POST', cmPath(f.meetingId, '/draft/start'), { key: host.key, body: {} });
    const running = await ok<Plan>(201, 'POST', plansPath(f.meetingId), {
      key: host.key,
      body: { name: 'As they ran' },
    });
    expect(running).toMatchObject({ rooms: 2, assigned: 3 });
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), { key: host.key, body: {} });
    const plans = await listPlans(host.key, f.meetingId);
    const last = plans.find((p) => p.automatic)!;
    expect(last).toMatchObject({ name: 'Last rooms', rooms: 2, assigned: 3 });
    expect((await eventRows(f.meetingId)).some((e) => e.type === 'plans_updated')).toBe(true);

    await ok(200, 'POST', plansPath(f.meetingId, `/${last.id}/apply`), { key: host.key, body: {} });
    await ok(200, 'POST', cmPath(f.meetingId, '/draft/start'), { key: host.key, body: {} });
    const state = await getState(host.key, f.meetingId);
    expect(state.meetings.map((m) => [m.title, m.participants.map((p) => p.name).sort()])).toEqual([
      ['Tigers', ['Ada', 'Ben']],
      ['Lions', ['Cleo']],
    ]);
    await expectInvariants(f.meetingId, f.title);
  });
});
