import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db';
import { endpoints } from '@/lib/api/endpoints';
import { createRouter } from '@/lib/api/router';
import { resetEnvCache } from '@/lib/env';

// The REST router in front of a PostgreSQL that is not there (a real node-postgres pool to a loopback
// port nobody listens on): the caller check is the first query, and it must come back as a 503 in the
// envelope, not a 500.
describe('the REST API while the database is down', () => {
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise((r) => srv.close(r));
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
    resetEnvCache();
  });
  afterAll(async () => {
    await closeDb();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    resetEnvCache();
  });

  it('answers 503 unavailable:database with Retry-After and a message a person can act on', async () => {
    const handle = createRouter(endpoints);
    const res = await handle(
      new Request('http://localhost/api/v1/meetings', {
        headers: { Authorization: `Bearer bk_${'a'.repeat(43)}` },
      }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({
      success: false,
      error: {
        code: 'unavailable:database',
        message:
          'The database is not reachable right now, so nothing was changed. Try again in a few seconds.',
      },
    });
  });
});
