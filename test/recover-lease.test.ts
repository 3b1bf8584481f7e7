import pino from 'pino';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@hookline/database';
import { TestDatabase, createTestDatabase, eventually } from '@hookline/testing';
import { AppResolver } from '../apps/attempt-log/src/app-resolver';
import { RecoverService } from '../apps/attempt-log/src/redelivery/recover.service';
import { RecoverTasksRepository } from '../apps/attempt-log/src/redelivery/recover-tasks.repository';
import { RedeliveryService } from '../apps/attempt-log/src/redelivery/redelivery.service';

/**
 * The lease of a background recover, against a real PostgreSQL: the enqueueing of pages is
 * scripted (pages are a RedeliveryService concern, tested with the whole service elsewhere), so
 * that a stop can land exactly while a page is being enqueued.
 */
describe('recover lease', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tasks: RecoverTasksRepository;
  const apps = { requireEndpoint: async () => ({ orgId: 'org_default', appId: 'app_lease', id: 'ep_lease' }) } as unknown as AppResolver;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    tasks = new RecoverTasksRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Pages as a script gives them: each call answers the next `afterId` (undefined: last page), waiting for `gate` if given. */
  function scriptedPages(pages: { next: string | undefined; gate?: Promise<void> }[]) {
    const asked: (string | undefined)[] = [];
    const redelivery = {
      enqueueFailedPage: async (_task: string, _app: string, _endpoint: string, _window: unknown, afterId?: string) => {
        asked.push(afterId);
        const page = pages.shift()!;
        await page.gate;
        return page.next;
      },
    } as unknown as RedeliveryService;
    return { redelivery, asked };
  }

  const row = async (id: string) =>
    (await dataSource.query(`SELECT status, after_id, lease_until <= now() AS released FROM recover_tasks WHERE id = $1`, [id]))[0];

  it('gives its task up after the page in hand when stopping, and the next process goes on after that page', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const first = scriptedPages([{ next: 'msg_1' }, { next: 'msg_2', gate }, { next: 'msg_3' }]);
    const stopping = new RecoverService(apps, first.redelivery, tasks, logger);
    const answer = await stopping.recover('org_default', 'app_lease', 'ep_lease', { since: new Date(Date.now() - 60_000).toISOString() });
    expect(answer.status).toBe('running');

    // The second page is being enqueued when the process is told to stop.
    const stopped = stopping.onModuleDestroy();
    openGate();
    await stopped;
    expect(first.asked).toEqual([undefined, 'msg_1']);
    expect(await row(answer.id)).toEqual({ status: 'running', after_id: 'msg_2', released: true });

    const next = scriptedPages([{ next: 'msg_3' }, { next: undefined }]);
    const successor = new RecoverService(apps, next.redelivery, tasks, logger);
    successor.onApplicationBootstrap();
    await eventually(async () => expect((await row(answer.id)).status).toBe('finished'));
    expect(next.asked).toEqual(['msg_2', 'msg_3']);
    await successor.onModuleDestroy();
  });

  it('marks a recover failed when its first page fails, so that no run goes on with it', async () => {
    const failing = {
      enqueueFailedPage: async () => {
        throw new Error('JetStream unavailable');
      },
    } as unknown as RedeliveryService;
    const failingApps = { requireEndpoint: async () => ({ orgId: 'org_default', appId: 'app_failing', id: 'ep_failing' }) } as unknown as AppResolver;
    const service = new RecoverService(failingApps, failing, tasks, logger);
    await expect(service.recover('org_default', 'app_failing', 'ep_failing', { since: new Date().toISOString() })).rejects.toThrow('JetStream unavailable');
    expect(await dataSource.query(`SELECT status FROM recover_tasks WHERE app_id = 'app_failing'`)).toEqual([{ status: 'failed' }]);
    await service.onModuleDestroy();
  });
});
