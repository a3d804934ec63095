// One process of a synthetic crowd (scripts/crowd.ts, CrowdPool): it holds a share of the crowd's
// SyntheticPerson objects, each with its own LiveKit rooms, because @livekit/rtc-node 1.1.0 fails when one
// process holds about 48 rooms ("handle not found" on connect, then a crash). Started by CrowdPool with
// `node --import tsx` and an IPC channel; it speaks only through that channel (WorkerRequest in,
// WorkerReply out) and leaves as soon as the channel closes, so it never outlives the process that
// started it.
import { lowerOwnSession, SyntheticPerson, type WorkerReply, type WorkerRequest } from './crowd';

if (!process.send) throw new Error('crowd-worker.ts runs as a child of CrowdPool (an IPC channel is needed)');

// A lowered worker lowers its whole scheduling group, not only its own threads (crowd.ts).
lowerOwnSession();

// rtc-node 1.1.0 releases a native handle when the JavaScript object holding it is garbage-collected. A
// handle the native side had already let go of (a connection that failed under load, seen with a hundred
// people on two cores) makes that release throw "trying to drop an invalid handle" from the collector,
// with nothing left to clean up; it would end the worker and its twenty people mid-run. Said once and
// counted at the end; any other uncaught error still ends the worker.
let invalidDrops = 0;
process.on('uncaughtException', (err) => {
  if (/trying to drop an invalid handle/.test(String(err))) {
    if (invalidDrops++ === 0)
      console.error(`crowd worker ${process.pid}: rtc-node: ${String(err)} (ignored)`);
    return;
  }
  console.error(err);
  process.exit(1);
});
process.on('exit', () => {
  if (invalidDrops > 1)
    console.error(`crowd worker ${process.pid}: ${invalidDrops} invalid handle drops ignored`);
});

const people = new Map<string, SyntheticPerson>();
/** This process's memory before anyone joined (the per-person cost is the growth from here). */
const rssBefore = process.memoryUsage().rss;
const send = (reply: WorkerReply) => process.send!(reply);

async function stopAll() {
  await Promise.all([...people.values()].map((p) => p.stop()));
}

process.on('message', (message: WorkerRequest) => {
  void handle(message).catch((err: unknown) =>
    send({
      type: 'error',
      req: message.req,
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    }),
  );
});

async function handle(m: WorkerRequest) {
  switch (m.type) {
    case 'start': {
      // The parent sends people in small batches across all workers (a burst of connects is what the
      // media server and rtc-node handle worst); this worker starts its share of a batch at once.
      const started = m.seats.map((seat) => new SyntheticPerson(m.baseUrl, m.mainMeetingId, seat, m.options));
      for (const p of started) people.set(p.seat.id, p);
      await Promise.all(started.map((p) => p.start()));
      send({
        type: 'started',
        req: m.req,
        rooms: Object.fromEntries(started.map((p) => [p.seat.id, p.room ?? ''])),
        rssBefore,
      });
      return;
    }
    case 'switched': {
      const person = people.get(m.id);
      if (!person) throw new Error(`no synthetic person ${m.id} in this worker`);
      const move = await person.switched(m.since, m.destination, m.remote);
      send({ type: 'switched', req: m.req, move, room: person.room ?? '' });
      return;
    }
    case 'warmed': {
      const all = [...people.values()];
      const warm = await Promise.all(all.map((p) => p.warmed(m.since, m.ms)));
      send({ type: 'warmed', req: m.req, warm: warm.filter(Boolean).length, of: all.length });
      return;
    }
    case 'rss':
      send({ type: 'rss', req: m.req, rss: process.memoryUsage().rss });
      return;
    case 'stop':
      await stopAll();
      send({ type: 'stopped', req: m.req });
      // rtc-node's native side keeps the process alive after its rooms are gone.
      setTimeout(() => process.exit(0), 100);
      return;
  }
}

// The parent went away (ended, crashed or was killed): leave the rooms briefly, then go.
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), 3000).unref();
  void stopAll().finally(() => process.exit(0));
});
