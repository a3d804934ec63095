// The flags every Chromium of the tests and benchmarks is launched with (Debian's Chromium, no sandbox,
// nothing fetched in the background, loopback WebRTC), and the fake camera and microphone most of them use.
// Its own module, free of set-up, so scripts need not import playwright.config.ts.

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-loopback-in-peer-connection',
];

/** Chromium's fake camera and microphone, allowed without a prompt. */
export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
