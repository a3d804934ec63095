import { stayWith } from './foreground';
import { findOrBuildS3Server, startS3Server } from './s3';

// `tsx scripts/s3-server.ts build`: build (or find) the S3 test server and print its path; used by .ci/run.
// `tsx scripts/s3-server.ts serve`: run it in the foreground on S3_PORT (9000) with bucket S3_BUCKET
// (`recordings`), to try S3 storage by hand (any access key and secret are accepted).
const { bin, reason } = findOrBuildS3Server();
if (!bin) {
  console.error(reason);
  process.exit(1);
}
if (process.argv[2] === 'serve') {
  const port = Number(process.env.S3_PORT ?? 9000);
  const bucket = process.env.S3_BUCKET ?? 'recordings';
  const child = await startS3Server(bin, { port, bucket, quiet: false }, false);
  console.log(`gofakes3 listening on http://127.0.0.1:${port} with bucket "${bucket}"`);
  stayWith(child);
} else {
  console.log(bin);
}
