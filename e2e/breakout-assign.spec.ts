import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { enterDashboard, uniqueSuffix } from './host-session';
import { BreakoutManagerPanel } from './pages/breakout';
import { createApiKey } from './pages/host-account';

// A host tags a participant in the dashboard, then fills the breakout draft automatically with a tag
// spread and people kept together and apart; an impossible set is refused in words and changes nothing.

test('a host tags people and assigns automatically with constraints; an impossible set is refused in words', async ({
  page,
  request,
  hostAccount,
}) => {
  test.setTimeout(120_000);
  await enterDashboard(page, hostAccount);
  const key = await createApiKey(page, `assign ${uniqueSuffix()}`);
  const headers = { Authorization: `Bearer ${key}` };
  const created = await request.post('/api/v1/meetings', { headers, data: { title: 'Workshop' } });
  const meeting = ((await created.json()) as { data: { id: string } }).data;
  for (const [name, tags] of [
    ['Ada', []],
    ['Ben', []],
    ['Cy', ['mentor']],
    ['Dee', []],
  ] as const) {
    const res = await request.post(`/api/v1/meetings/${meeting.id}/participants`, {
      headers,
      data: { name, preset_name: 'participant', tags },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await page.goto(`/dashboard/meetings/${meeting.id}`);

  // Ada becomes a mentor in the participant list.
  await page.getByRole('button', { name: 'Edit Ada', exact: true }).click();
  await page.getByLabel('Tags of Ada').fill('Mentor');
  await page.getByRole('button', { name: 'Save Ada', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Tags of Ada' })).toHaveText('Mentor');
  await expect(page.getByRole('list', { name: 'Tags of Cy' })).toHaveText('mentor');

  const section = page
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: 'Breakout rooms', level: 2 }) });
  const manager = new BreakoutManagerPanel(page, section);
  await manager.createRooms(2);
  await section.locator('summary', { hasText: 'Assign automatically' }).click();
  const form = section.getByRole('form', { name: 'Assign automatically' });
  await form.getByLabel('Order').selectOption({ label: 'In order (by name)' });
  await form.getByLabel('Spread a tag evenly').selectOption({ label: 'Mentor' });
  await form.getByLabel('Also place people who are not connected').check();
  const keep = async (names: string[], how: 'apart' | 'together') => {
    for (const n of names) await form.getByRole('checkbox', { name: n, exact: true }).check();
    await form.getByRole('button', { name: `Keep these ${how}` }).click();
  };
  await keep(['Ada', 'Ben'], 'together');
  await keep(['Ada', 'Cy'], 'apart');
  await expect(form.getByRole('list', { name: 'Constraints' })).toContainText('Together: Ada, Ben');
  expect(
    (await new AxeBuilder({ page }).include('form[aria-label="Assign automatically"]').analyze()).violations,
  ).toEqual([]);

  await form.getByRole('button', { name: 'Assign automatically' }).click();
  await expect.poll(() => manager.peopleIn('Room 1')).toEqual(['Ada', 'Ben']);
  await expect.poll(() => manager.peopleIn('Room 2')).toEqual(['Cy', 'Dee']);

  // Ada and Ben together and apart: refused with the conflict named; the draft stays as it was.
  await keep(['Ada', 'Ben'], 'apart');
  await form.getByRole('button', { name: 'Assign automatically' }).click();
  await expect(form.getByRole('alert')).toContainText('Ada and Ben must be together and apart');
  expect(await manager.peopleIn('Room 1')).toEqual(['Ada', 'Ben']);
  expect(await manager.peopleIn('Room 2')).toEqual(['Cy', 'Dee']);
});
