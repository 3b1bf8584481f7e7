import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OwnNatsServer, ServiceProcesses, createTestDatabase, createTestNamespace, eventually, freePort, TestDatabase } from '@hookline/testing';

/** Worker services (no HTTP API) expose liveness, readiness of their dependencies, and metrics. */
describe('health port of the worker services', () => {
  let nats: OwnNatsServer;
  let database: TestDatabase;
  let services: ServiceProcesses;
  let healthPort: number;

  beforeAll(async () => {
    [nats, database, healthPort] = [await OwnNatsServer.start(), await createTestDatabase(), await freePort()];
    const names = createTestNamespace().names;
    services = new ServiceProcesses(
      {
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HOOKLINE_SUBJECT_ROOT: names.subjectRoot,
        HOOKLINE_STREAM_PREFIX: names.streamPrefix,
        HOOKLINE_MASTER_KEY: randomBytes(32).toString('hex'),
        HOOKLINE_HEALTH_PORT: String(healthPort),
      },
      mkdtempSync(join(tmpdir(), 'hookline-health-')),
    );
    await services.start('attempt-log');
  });

  afterAll(async () => {
    await services?.stopAll();
    await nats?.stop();
    await database?.drop();
  });

  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${healthPort}${path}`);
    return { status: response.status, text: await response.text() };
  };

  it('is live, ready while NATS and PostgreSQL answer, and not ready without NATS', async () => {
    expect((await get('/health/live')).status).toBe(200);
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ok', checks: { nats: 'ok', postgres: 'ok' } });
    expect((await get('/metrics')).text).toContain('hookline_attempts_logged_total');

    await nats.stop();
    await eventually(async () => {
      const down = await get('/health/ready');
      expect(down.status).toBe(503);
      expect(JSON.parse(down.text).checks.nats).toMatch(/^down/);
    });
    expect((await get('/health/live')).status).toBe(200);
    await nats.start();
    await eventually(async () => expect((await get('/health/ready')).status).toBe(200), 30_000);
  });
});
