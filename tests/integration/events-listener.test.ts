// The per-process LISTEN connection: wake-ups from other instances, and reconnection after a failure.
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { busStats, closeBus, listenerReady } from '@/lib/events/bus';
import { appendAndPublish, meetingWith, openEvents, renamed } from '../support/events';
import { waitFor } from '../support/sse';

const onPostgres = process.env.TEST_DB !== 'pglite';

afterAll(closeBus);

describe('event wake-ups across processes', () => {
  it.runIf(!onPostgres)(
    'PGlite needs no listening connection: publish wakes subscribers in-process',
    async () => {
      const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
      const { stream } = await openEvents(meetingId, { key: host.key });
      await stream!.next();
      expect((await busStats()).listenerPid).toBeUndefined();
      await appendAndPublish(meetingId, [renamed(rooms[0]!, 'local')]);
      expect((await stream!.next()).event).toBe('meetings_updated');
      await stream!.close();
    },
  );

  it.runIf(onPostgres)('a NOTIFY sent by another instance wakes the subscribers here', async () => {
    const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
    const { stream } = await openEvents(meetingId, { key: host.key });
    await stream!.next();
    await listenerReady();

    // What another instance does: commit, then notify (no local publish in this process).
    const appended = await appendAndPublish(meetingId, [renamed(rooms[0]!, 'remote')], undefined, {
      publish: false,
    });
    await (await db()).execute(sql`select pg_notify('breakout_events', ${meetingId})`);
    const next = await stream!.next(3000);
    expect(next.id).toBe(String(appended.lastEventId));
    await stream!.close();
  });

  it.runIf(onPostgres)(
    'after its connection is killed the listener reconnects and catches up on events it was not told about',
    async () => {
      const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
      const { stream } = await openEvents(meetingId, { key: host.key });
      await stream!.next();
      await listenerReady();
      const pid = (await busStats()).listenerPid;
      expect(pid).toBeTypeOf('number');

      const d = await db();
      await d.execute(sql`select pg_terminate_backend(${pid}::int)`);
      // Committed while nobody listens, and never notified: only the catch-up after reconnecting finds it.
      const missed = await appendAndPublish(meetingId, [renamed(rooms[0]!, 'missed')], undefined, {
        publish: false,
      });
      await waitFor(
        async () => {
          const now = (await busStats()).listenerPid;
          return now !== undefined && now !== pid;
        },
        10_000,
        'a new listening connection',
      );
      const next = await stream!.next(5000);
      expect(next.id).toBe(String(missed.lastEventId));

      // And the new connection hears later notifications.
      const later = await appendAndPublish(meetingId, [renamed(rooms[0]!, 'later')], undefined, {
        publish: false,
      });
      await d.execute(sql`select pg_notify('breakout_events', ${meetingId})`);
      expect((await stream!.next(3000)).id).toBe(String(later.lastEventId));
      await stream!.close();
    },
  );
});
