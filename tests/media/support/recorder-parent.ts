// A stand-in for the app process: launches a recorder and relays its events as JSON lines, until it is
// killed. The test kills it with SIGKILL, as a crash would, and checks that the orphaned recorder
// finishes the file by itself.
import { launchEmbeddedRecorder } from '../../../lib/recording/embedded/launch';

const handle = launchEmbeddedRecorder(
  JSON.parse(process.argv[2]!) as Parameters<typeof launchEmbeddedRecorder>[0],
);
console.log(JSON.stringify({ type: 'pid', pid: handle.pid }));
for await (const e of handle.events) console.log(JSON.stringify(e));
