import { stayWith } from './foreground';
import { findOrBuildLivekit, startLivekit } from './livekit';

// `tsx scripts/livekit-server.ts build`: build (or find) the server and print its path; used by .ci/run.
// `tsx scripts/livekit-server.ts serve`: run it in the foreground (Playwright's web server, or by hand).
const { bin, reason } = findOrBuildLivekit();
if (!bin) {
  console.error(reason);
  process.exit(1);
}
if (process.argv[2] === 'serve') {
  const port = Number(process.env.LIVEKIT_PORT ?? 7880);
  const appUrl = process.env.APP_URL ?? 'http://127.0.0.1:3000';
  const child = await startLivekit(
    bin,
    {
      port,
      udpPort: Number(process.env.LIVEKIT_UDP_PORT ?? port + 2),
      webhookUrl: `${appUrl}/api/livekit/webhook`,
      speakerMinPercentile: Number(process.env.LIVEKIT_SPEAKER_MIN_PERCENTILE ?? 0) || undefined,
      speakerActiveLevel: Number(process.env.LIVEKIT_SPEAKER_ACTIVE_LEVEL ?? 0) || undefined,
      logFile: process.env.LIVEKIT_LOG_FILE || undefined,
    },
    false,
  ); // same process group, so whoever stops this script stops the server too
  console.log(`livekit-server listening on ws://127.0.0.1:${port}`);
  stayWith(child);
} else {
  console.log(bin);
}
