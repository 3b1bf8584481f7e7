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

  it('gives a recover up after five runs in a row stopped without enqueueing a page; a page enqueued starts the count again', async () => {
    const stallingApps = { requireEndpoint: async () => ({ orgId: 'org_default', appId: 'app_stalling', id: 'ep_stalling' }) } as unknown as AppResolver;
    /** Starts a run from `pages` and stops it while its second page is in hand, as in the test above. */
    const runTwoPagesThenStop = async (pages: ReturnType<typeof scriptedPages>, gate: () => void, start: (service: RecoverService) => Promise<unknown>) => {
      const service = new RecoverService(stallingApps, pages.redelivery, tasks, logger);
      const started = await start(service);
      await eventually(() => expect(pages.asked).toHaveLength(2));
      const stopped = service.onModuleDestroy();
      gate();
      await stopped;
      return started;
    };
    const gated = () => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      return { gate, open };
    };
    const row = async () => (await dataSource.query(`SELECT status, after_id, stalled_runs FROM recover_tasks WHERE app_id = 'app_stalling'`))[0];

    const second = gated();
    const { id } = (await runTwoPagesThenStop(scriptedPages([{ next: 'msg_1' }, { next: 'msg_2', gate: second.gate }]), second.open, (service) =>
      service.recover('org_default', 'app_stalling', 'ep_stalling', { since: new Date(Date.now() - 60_000).toISOString() }),
    )) as { id: string };

    const asked: (string | undefined)[] = [];
    const failingPages = {
      enqueueFailedPage: async (_task: string, _app: string, _endpoint: string, _window: unknown, afterId?: string) => {
        asked.push(afterId);
        throw new Error('JetStream unavailable');
      },
    } as unknown as RedeliveryService;
    /** A replica starts, takes the task over and fails its page; its lease then runs out (set here rather than waited for). */
    const failingRun = async () => {
      const before = asked.length;
      const replica = new RecoverService(stallingApps, failingPages, tasks, logger);
      replica.onApplicationBootstrap();
      await eventually(() => expect(asked).toHaveLength(before + 1));
      await replica.onModuleDestroy();
      await dataSource.query(`UPDATE recover_tasks SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]);
    };

    await failingRun();
    await failingRun();
    expect(await row()).toEqual({ status: 'running', after_id: 'msg_2', stalled_runs: 2 });

    const fourth = gated();
    await runTwoPagesThenStop(scriptedPages([{ next: 'msg_3' }, { next: 'msg_4', gate: fourth.gate }]), fourth.open, async (service) => service.onApplicationBootstrap());
    expect(await row()).toEqual({ status: 'running', after_id: 'msg_4', stalled_runs: 0 });

    for (let run = 0; run < 5; run++) await failingRun();
    expect(await row()).toEqual({ status: 'running', after_id: 'msg_4', stalled_runs: 5 });
    const last = new RecoverService(stallingApps, failingPages, tasks, logger);
    last.onApplicationBootstrap();
    await eventually(async () => expect((await row()).status).toBe('failed'));
    await last.onModuleDestroy();
    expect(asked).toEqual(['msg_2', 'msg_2', 'msg_4', 'msg_4', 'msg_4', 'msg_4', 'msg_4']);
  });

  it('deletes finished and failed recovers 30 days after they settled, never a running one', async () => {
    const insert = (id: string, status: string, age: string) =>
      dataSource.query(
        `INSERT INTO recover_tasks (id, org_id, app_id, endpoint_id, since, until, after_id, status, lease_id, lease_until, created_at, updated_at)
         VALUES ($1, 'org_default', 'app_purge', 'ep_purge', now(), now(), NULL, $2, gen_random_uuid(), now() + interval '1 hour', now() - $3::interval, now() - $3::interval)`,
        [id, status, age],
      );
    await insert('qtask_old_finished', 'finished', '31 days');
    await insert('qtask_old_failed', 'failed', '31 days');
    await insert('qtask_recent_finished', 'finished', '29 days');
    await insert('qtask_old_running', 'running', '31 days');
    await new RecoverService(apps, scriptedPages([]).redelivery, tasks, logger).purgeSettled();
    const left = await dataSource.query(`SELECT id FROM recover_tasks WHERE app_id = 'app_purge' ORDER BY id`);
    expect(left).toEqual([{ id: 'qtask_old_running' }, { id: 'qtask_recent_finished' }]);
  });
});
