import { expect, test } from './fixtures';
import { enterDashboard, uniqueSuffix } from './host-session';
import { DashboardPage } from './pages/dashboard-page';
import { ParticipantLinkPage } from './pages/participant-link-page';
import { PresetsPage } from './pages/presets-page';

// A host's whole path from an account to people on the meeting page, on the real app and database: every
// person opens their own link in their own browser context. Names and titles carry a unique suffix, so
// the suite also runs against a deployment that already holds data (BASE_URL, E2E_HOST_EMAIL).

test('three people open their own join links and each sees their name and preset', async ({
  browser,
  page,
  hostAccount,
  people,
}) => {
  const id = uniqueSuffix();
  const speaker = `speaker-${id}`;
  const title = `Foundation ${id}`;
  const seats = [
    { name: `Ada ${id}`, preset: speaker },
    { name: `Grace ${id}`, preset: 'participant' },
    { name: `Linus ${id}`, preset: 'host' },
  ];
  await enterDashboard(page, hostAccount);

  const presets = new PresetsPage(page);
  await test.step('create a preset that may share the screen', async () => {
    await presets.goto();
    await presets.create(speaker, { screenSharing: 'Allowed' });
  });

  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  const meeting = await dashboard.createMeeting(title);

  const links: string[] = [];
  await test.step('add three participants, each with a preset', async () => {
    for (const seat of seats) links.push(await meeting.addParticipant(seat.name, seat.preset));
    expect(new Set(links).size, 'every participant has a link of their own').toBe(3);
  });

  const views = (await people(3)).map((person) => new ParticipantLinkPage(person.page));
  await test.step('each person opens their link in their own browser', async () => {
    for (const [i, view] of views.entries()) {
      await view.open(links[i]!);
      await view.expectSeat({ meetingTitle: title, ...seats[i]! });
    }
  });

  await test.step("each page lists what that person's preset allows", async () => {
    const [ada, grace] = views as [ParticipantLinkPage, ParticipantLinkPage];
    await ada.showAbilities();
    await expect(ada.ability('Use microphone, camera, screen sharing')).toBeVisible();
    await grace.showAbilities();
    await expect(grace.ability('Use microphone, camera')).toBeVisible();
    await expect(grace.ability('screen sharing')).toHaveCount(0);
  });

  await test.step('until its script runs, the page does not offer a Join that would do nothing', async () => {
    // The server's page as a browser has it before any script runs: one that runs none.
    const early = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await early.newPage();
      await page.goto(links[1]!);
      const join = page.getByRole('button', { name: 'Join meeting' });
      await expect(join).toBeVisible();
      await expect(join).toBeDisabled();
    } finally {
      await early.close();
    }
  });

  // Also keeps a deployment's preset list from growing with every run.
  await test.step('the preset can be deleted only once nobody uses it', async () => {
    await presets.goto();
    const edit = await presets.edit(speaker);
    await edit.expectDeleteRefused(1);
    await meeting.goto();
    await meeting.remove(seats[0]!.name);
    await presets.goto();
    await (await presets.edit(speaker)).delete();
  });
});

test('a replaced, removed or inactive link shows a clear page; reactivating lets people in again', async ({
  page,
  hostAccount,
  people,
}) => {
  const id = uniqueSuffix();
  const title = `Links ${id}`;
  const [kim, lee, max] = [`Kim ${id}`, `Lee ${id}`, `Max ${id}`];
  await enterDashboard(page, hostAccount);
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  const meeting = await dashboard.createMeeting(title);
  const kimLink = await meeting.addParticipant(kim, 'participant');
  const leeLink = await meeting.addParticipant(lee, 'participant');
  const maxLink = await meeting.addParticipant(max, 'participant');

  const [kimView, leeView, maxView] = (await people(3)).map((p) => new ParticipantLinkPage(p.page)) as [
    ParticipantLinkPage,
    ParticipantLinkPage,
    ParticipantLinkPage,
  ];
  const meetingPage = `/m/${meeting.id}`;
  for (const [view, link, name] of [
    [kimView, kimLink, kim],
    [leeView, leeLink, lee],
    [maxView, maxLink, max],
  ] as const) {
    await view.open(link);
    await view.expectSeat({ meetingTitle: title, name, preset: 'participant' });
  }

  await test.step('"New link": the old link and the session it opened stop working, the new link works', async () => {
    const fresh = await meeting.newLink(kim, kimLink);
    await kimView.open(kimLink);
    await kimView.expectProblem('invalid');
    await kimView.open(meetingPage);
    await kimView.expectProblem('no-seat');
    await kimView.open(fresh);
    await kimView.expectSeat({ meetingTitle: title, name: kim, preset: 'participant' });
  });

  await test.step('removing a participant: their link and their session stop working', async () => {
    await meeting.remove(lee);
    await leeView.open(leeLink);
    await leeView.expectProblem('invalid');
    await leeView.open(meetingPage);
    await leeView.expectProblem('no-seat');
  });

  await test.step('an inactive meeting: the link and the meeting page say so', async () => {
    await meeting.deactivate();
    await maxView.open(maxLink);
    await maxView.expectProblem('inactive');
    await maxView.open(meetingPage);
    await maxView.expectProblem('inactive');
  });

  await test.step('after reactivation the same link works again', async () => {
    await meeting.activate();
    await maxView.open(maxLink);
    await maxView.expectSeat({ meetingTitle: title, name: max, preset: 'participant' });
  });
});
