import { beforeAll, describe, expect, it } from 'vitest';
import { newHost } from '../support/api';
import { createMeeting, ISO_DATE, list, type MeetingDto, ok, openDatabase, UUID } from '../support/rest';

beforeAll(openDatabase);

const titles = (rows: MeetingDto[]) => rows.map((m) => m.title);

describe('meetings over the REST API', () => {
  it('POST /meetings answers 201 with an ACTIVE main meeting that GET reads back the same', async () => {
    const { key } = await newHost();
    const created = await createMeeting(key, { title: '  Quarterly planning  ' });
    expect(created).toEqual({
      id: expect.stringMatching(UUID) as string,
      title: 'Quarterly planning',
      status: 'ACTIVE',
      parent_meeting_id: null,
      record_on_start: false,
      created_at: expect.stringMatching(ISO_DATE) as string,
      updated_at: expect.stringMatching(ISO_DATE) as string,
    });
    expect(await ok<MeetingDto>(200, 'GET', `/meetings/${created.id}`, { key })).toEqual(created);
  });

  it('POST /meetings with an empty object makes an "Untitled meeting"', async () => {
    const { key } = await newHost();
    const created = await createMeeting(key, {});
    expect(created).toMatchObject({ title: 'Untitled meeting', status: 'ACTIVE' });
  });

  it('POST /meetings may create an INACTIVE meeting', async () => {
    const { key } = await newHost();
    const created = await createMeeting(key, { title: 'Later', status: 'INACTIVE' });
    expect(created.status).toBe('INACTIVE');
    expect((await ok<MeetingDto>(200, 'GET', `/meetings/${created.id}`, { key })).status).toBe('INACTIVE');
  });

  it('GET /meetings lists the newest first with a paging block', async () => {
    const { key } = await newHost();
    for (const title of ['one', 'two', 'three']) await createMeeting(key, { title });
    const { data, paging } = await list<MeetingDto>('/meetings', key);
    expect(titles(data)).toEqual(['three', 'two', 'one']);
    expect(paging).toEqual({ start_offset: 1, end_offset: 3, total_count: 3 });
  });

  it('search matches part of the title, ignoring case', async () => {
    const { key } = await newHost();
    await createMeeting(key, { title: 'Design review' });
    await createMeeting(key, { title: 'Sales kickoff' });
    await createMeeting(key, { title: 'weekly design sync' });
    const { data, paging } = await list<MeetingDto>('/meetings?search=DESIGN', key);
    expect(titles(data).sort()).toEqual(['Design review', 'weekly design sync']);
    expect(paging.total_count).toBe(2);
  });

  it('search with a meeting id finds exactly that meeting', async () => {
    const { key } = await newHost();
    const wanted = await createMeeting(key, { title: 'Board meeting' });
    await createMeeting(key, { title: 'Another meeting' });
    const { data, paging } = await list<MeetingDto>(`/meetings?search=${wanted.id}`, key);
    expect(data).toEqual([wanted]);
    expect(paging).toEqual({ start_offset: 1, end_offset: 1, total_count: 1 });
  });

  it('search treats "%" and "_" as ordinary characters, not wildcards', async () => {
    const { key } = await newHost();
    await createMeeting(key, { title: '100% done' });
    await createMeeting(key, { title: 'snake_case talk' });
    await createMeeting(key, { title: 'Plain title' });
    expect(titles((await list<MeetingDto>('/meetings?search=%25', key)).data)).toEqual(['100% done']);
    expect(titles((await list<MeetingDto>('/meetings?search=_', key)).data)).toEqual(['snake_case talk']);
  });

  it('status filters the list to ACTIVE or INACTIVE meetings', async () => {
    const { key } = await newHost();
    await createMeeting(key, { title: 'live' });
    await createMeeting(key, { title: 'archived', status: 'INACTIVE' });
    const active = await list<MeetingDto>('/meetings?status=ACTIVE', key);
    const inactive = await list<MeetingDto>('/meetings?status=INACTIVE', key);
    expect(titles(active.data)).toEqual(['live']);
    expect(titles(inactive.data)).toEqual(['archived']);
    expect(inactive.paging.total_count).toBe(1);
  });

  it('search and status combine', async () => {
    const { key } = await newHost();
    await createMeeting(key, { title: 'Retro A' });
    await createMeeting(key, { title: 'Retro B', status: 'INACTIVE' });
    await createMeeting(key, { title: 'Planning', status: 'INACTIVE' });
    const { data } = await list<MeetingDto>('/meetings?search=retro&status=INACTIVE', key);
    expect(titles(data)).toEqual(['Retro B']);
  });

  it('pages with per_page and page_no cover every meeting once, with 1-based start and end offsets', async () => {
    const { key } = await newHost();
    const made: string[] = [];
    for (let i = 1; i <= 5; i++) made.push((await createMeeting(key, { title: `m${i}` })).id);

    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(await list<MeetingDto>(`/meetings?per_page=2&page_no=${page}`, key));
    expect(pages.map((p) => p.paging)).toEqual([
      { start_offset: 1, end_offset: 2, total_count: 5 },
      { start_offset: 3, end_offset: 4, total_count: 5 },
      { start_offset: 5, end_offset: 5, total_count: 5 },
    ]);
    const seen = pages.flatMap((p) => p.data.map((m) => m.id));
    expect(seen).toEqual([...made].reverse());
  });

  it('PATCH /meetings/{id} changes the title and the change reads back', async () => {
    const { key } = await newHost();
    const created = await createMeeting(key, { title: 'Old title' });
    const patched = await ok<MeetingDto>(200, 'PATCH', `/meetings/${created.id}`, {
      key,
      body: { title: 'New title' },
    });
    expect(patched).toMatchObject({ id: created.id, title: 'New title', status: 'ACTIVE' });
    expect(patched.created_at).toBe(created.created_at);
    expect(await ok<MeetingDto>(200, 'GET', `/meetings/${created.id}`, { key })).toEqual(patched);
  });

  it('PATCH /meetings/{id} changes the status and keeps the title', async () => {
    const { key } = await newHost();
    const created = await createMeeting(key, { title: 'Workshop' });
    const patched = await ok<MeetingDto>(200, 'PATCH', `/meetings/${created.id}`, {
      key,
      body: { status: 'INACTIVE' },
    });
    expect(patched).toMatchObject({ id: created.id, title: 'Workshop', status: 'INACTIVE' });
    const { data } = await list<MeetingDto>('/meetings?status=INACTIVE', key);
    expect(data.map((m) => m.id)).toEqual([created.id]);
  });
});
