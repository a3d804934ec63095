import { createHash } from 'node:crypto';
import { AccessToken, EgressInfo, EgressStatus, WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { applyEgressInfo } from './egress-info';

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
const started = '2026-12-02T04:00:00.000Z';
const ended = '2026-12-02T04:01:05.000Z';
const file = {
  filename: 'meeting-1/rec-1.mp4',
  startedAt: ns(started),
  endedAt: ns(ended),
  duration: 64_600_000_000n, // 64.6 s
  size: 5_242_880n,
  location: 'https://bucket.example.test/meeting-1/rec-1.mp4',
};
const info = (status: EgressStatus, extra: ConstructorParameters<typeof EgressInfo>[0] = {}) =>
  new EgressInfo({ egressId: 'EG_abc', roomName: 'room-1', status, ...extra });

describe('applyEgressInfo: LiveKit egress status → our recording status', () => {
  it('a starting egress is INVOKED, an active one RECORDING with its start time', () => {
    expect(applyEgressInfo(info(EgressStatus.EGRESS_STARTING))).toMatchObject({
      status: 'INVOKED',
      startedTime: null,
    });
    expect(applyEgressInfo(info(EgressStatus.EGRESS_ACTIVE, { startedAt: ns(started) }))).toMatchObject({
      egressId: 'EG_abc',
      status: 'RECORDING',
      startedTime: new Date(started),
      stoppedTime: null,
      error: null,
    });
  });

  it('an ending egress is UPLOADING', () => {
    expect(applyEgressInfo(info(EgressStatus.EGRESS_ENDING))?.status).toBe('UPLOADING');
  });

  it('a complete egress is UPLOADED with its duration, size, file name and key', () => {
    const done = info(EgressStatus.EGRESS_COMPLETE, {
      startedAt: ns(started),
      endedAt: ns(ended),
      fileResults: [file],
    });
    expect(applyEgressInfo(done)).toEqual({
      egressId: 'EG_abc',
      status: 'UPLOADED',
      startedTime: new Date(started),
      stoppedTime: new Date(ended),
      durationSeconds: 65,
      fileSize: 5_242_880,
      outputFileName: 'rec-1.mp4',
      storageKey: 'meeting-1/rec-1.mp4',
      stopReason: null,
      error: null,
    });
  });

  it('reads the file from the older `file` result too', () => {
    const old = info(EgressStatus.EGRESS_COMPLETE, { result: { case: 'file', value: file } });
    expect(applyEgressInfo(old)).toMatchObject({ status: 'UPLOADED', fileSize: 5_242_880 });
  });

  it('a complete egress without a file is ERRORED, saying so', () => {
    expect(applyEgressInfo(info(EgressStatus.EGRESS_COMPLETE))).toMatchObject({
      status: 'ERRORED',
      error: 'LiveKit Egress finished without uploading a file.',
      stopReason: { reason: 'INTERNAL_ERROR', message: 'LiveKit Egress finished without uploading a file.' },
    });
  });

  it('a failed egress is ERRORED with LiveKit’s reason; an aborted one too', () => {
    const failed = info(EgressStatus.EGRESS_FAILED, { error: 'could not upload: access denied' });
    expect(applyEgressInfo(failed)).toMatchObject({
      status: 'ERRORED',
      error: 'LiveKit Egress failed: could not upload: access denied',
      stopReason: { reason: 'INTERNAL_ERROR' },
    });
    expect(applyEgressInfo(info(EgressStatus.EGRESS_ABORTED))?.error).toBe(
      'LiveKit Egress gave up before recording anything.',
    );
  });

  it('an egress stopped at its time limit keeps its file, with MAX_DURATION', () => {
    const limited = info(EgressStatus.EGRESS_LIMIT_REACHED, { fileResults: [file] });
    expect(applyEgressInfo(limited)).toMatchObject({
      status: 'UPLOADED',
      fileSize: 5_242_880,
      stopReason: { reason: 'MAX_DURATION' },
    });
  });

  it('never moves a recording backwards or changes a finished one (late or repeated webhooks)', () => {
    const active = info(EgressStatus.EGRESS_ACTIVE);
    expect(applyEgressInfo(active, 'INVOKED')?.status).toBe('RECORDING');
    expect(applyEgressInfo(active, 'RECORDING')).toBeNull();
    expect(applyEgressInfo(active, 'UPLOADING')).toBeNull();
    expect(applyEgressInfo(info(EgressStatus.EGRESS_ENDING), 'RECORDING')?.status).toBe('UPLOADING');
    const complete = info(EgressStatus.EGRESS_COMPLETE, { fileResults: [file] });
    expect(applyEgressInfo(complete, 'UPLOADED')).toBeNull();
    expect(applyEgressInfo(complete, 'ERRORED')).toBeNull();
    expect(applyEgressInfo(info(EgressStatus.EGRESS_FAILED), 'UPLOADING')?.status).toBe('ERRORED');
  });
});

describe('an egress_ended webhook as LiveKit sends it', () => {
  const apiKey = 'APIwebhooktest';
  const apiSecret = 'webhook-test-secret-0123456789abcdef0123';

  /** Signs a body the way livekit-server does: a JWT from the API key whose sha256 claim is the body's hash. */
  async function sign(body: string) {
    const at = new AccessToken(apiKey, apiSecret);
    at.sha256 = createHash('sha256').update(body).digest('base64');
    return at.toJwt();
  }

  it('is verified by WebhookReceiver and maps to UPLOADED', async () => {
    // Protobuf JSON, as the server's webhook notifier writes it: camelCase, int64 as strings, enum names.
    const body = JSON.stringify({
      event: 'egress_ended',
      id: 'EV_9zK3f',
      createdAt: '1796097665',
      egressInfo: {
        egressId: 'EG_abc',
        roomId: 'RM_x1',
        roomName: 'room-1',
        status: 'EGRESS_COMPLETE',
        startedAt: String(ns(started)),
        endedAt: String(ns(ended)),
        updatedAt: String(ns(ended)),
        roomComposite: {
          roomName: 'room-1',
          layout: 'grid',
          fileOutputs: [{ filepath: 'meeting-1/rec-1.mp4' }],
        },
        fileResults: [
          {
            filename: 'meeting-1/rec-1.mp4',
            startedAt: String(ns(started)),
            endedAt: String(ns(ended)),
            duration: '64600000000',
            size: '5242880',
            location: 'https://bucket.example.test/meeting-1/rec-1.mp4',
          },
        ],
      },
    });
    const event = await new WebhookReceiver(apiKey, apiSecret).receive(body, await sign(body));
    expect(event.event).toBe('egress_ended');
    expect(applyEgressInfo(event.egressInfo!)).toMatchObject({
      status: 'UPLOADED',
      durationSeconds: 65,
      fileSize: 5_242_880,
      storageKey: 'meeting-1/rec-1.mp4',
      stoppedTime: new Date(ended),
    });
  });

  it('an egress_updated event made from the SDK’s own types round-trips, and a forged one is refused', async () => {
    const event = new WebhookEvent({
      event: 'egress_updated',
      id: 'EV_2',
      egressInfo: info(EgressStatus.EGRESS_ACTIVE, { startedAt: ns(started) }),
    });
    const body = event.toJsonString();
    const received = await new WebhookReceiver(apiKey, apiSecret).receive(body, await sign(body));
    expect(applyEgressInfo(received.egressInfo!)?.status).toBe('RECORDING');
    const forged = body.replace('EGRESS_ACTIVE', 'EGRESS_COMPLETE');
    await expect(new WebhookReceiver(apiKey, apiSecret).receive(forged, await sign(body))).rejects.toThrow();
  });
});
