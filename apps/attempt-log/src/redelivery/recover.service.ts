import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { HooklineError, RecoverIn, RecoverOut, newId, validateInput } from '@hookline/contracts';
import { RecoverTaskEntity } from '@hookline/database';
import { LOGGER } from '@hookline/observability';
import { AppResolver } from '../app-resolver';
import { RecoverTasksRepository } from './recover-tasks.repository';
import { RedeliveryService } from './redelivery.service';

/** How often a replica looks for recovers whose run stopped or died, to take them over. */
const TAKE_OVER_EVERY_MS = 30_000;
/** Runs one replica takes over at a time: each has a page of publishes in flight. */
const MAX_TAKEN_OVER_RUNS = 4;
/**
 * A recover whose runs stop this many times in a row without enqueueing a page (a page that
 * keeps failing: about 5 to 8 minutes of trying) is given up as `failed` instead of retried forever.
 */
const MAX_STALLED_RUNS = 5;
/** How long finished and failed recovers stay listed as background tasks. */
const SETTLED_KEPT_FOR = '30 days';
const PURGE_EVERY_MS = 60 * 60_000;

type RecoverRun = Pick<RecoverTaskEntity, 'id' | 'orgId' | 'appId' | 'endpointId' | 'since' | 'until' | 'afterId' | 'leaseId'>;

/**
 * `POST …/endpoint/{ep}/recover`: enqueues the first page of failed messages before answering,
 * `finished` when that was all; otherwise the answer is `running` and the other pages follow in
 * the background, so a large window never outlasts the caller's request (a client retrying a
 * timed-out recover would enqueue everything twice). Every recover is kept in PostgreSQL, with
 * the last message enqueued, before its first page: when its process stops or dies, this or
 * another replica goes on from there (a page enqueued again after the duplicate window is sent
 * again: at least once).
 */
@Injectable()
export class RecoverService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runs = new Set<Promise<void>>();
  private takingOver?: Promise<void>;
  private stopping = false;
  private takeOverTimer?: NodeJS.Timeout;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly apps: AppResolver,
    private readonly redelivery: RedeliveryService,
    private readonly tasks: RecoverTasksRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async recover(orgId: string, appRef: string, endpointRef: string, body: unknown): Promise<RecoverOut> {
    const input = validateInput(RecoverIn, body);
    const endpoint = await this.apps.requireEndpoint(orgId, appRef, endpointRef);
    if (this.stopping) throw HooklineError.unavailable('the attempt log is stopping; send the recover again');
    const run: RecoverRun = {
      id: newId('qtask'),
      orgId: endpoint.orgId,
      appId: endpoint.appId,
      endpointId: endpoint.id,
      since: new Date(input.since),
      until: input.until ? new Date(input.until) : new Date(),
      afterId: null,
      leaseId: randomUUID(),
    };
    await this.tasks.create({ ...run, status: 'running' });
    let next: PageOutcome;
    try {
      next = await this.nextPage(run);
    } catch (error) {
      // The caller hears of it and may send the recover again: this one must not go on as well.
      await this.tasks.fail(run.id, run.leaseId).catch(() => undefined);
      throw error;
    }
    if (next !== 'more') return { id: run.id, status: 'finished', task: 'endpoint.recover' };
    this.start(run);
    return { id: run.id, status: 'running', task: 'endpoint.recover' };
  }

  onApplicationBootstrap(): void {
    this.takeOverSoon();
    this.takeOverTimer = setInterval(() => this.takeOverSoon(), TAKE_OVER_EVERY_MS).unref();
    this.purgeTimer = setInterval(() => void this.purgeSettled(), PURGE_EVERY_MS).unref();
  }

  /** Lets each run finish its page and give its task up, for the next process to go on with. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.takeOverTimer);
    clearInterval(this.purgeTimer);
    await this.takingOver;
    await Promise.allSettled([...this.runs]);
  }

  private takeOverSoon(): void {
    this.takingOver ??= this.takeOverAbandoned().finally(() => (this.takingOver = undefined));
  }

  private async takeOverAbandoned(): Promise<void> {
    try {
      for (const id of await this.tasks.failStalled(MAX_STALLED_RUNS)) {
        this.logger.error({ task: id, stalledRuns: MAX_STALLED_RUNS }, 'recover given up: its runs kept stopping before enqueueing a page');
      }
      while (!this.stopping && this.runs.size < MAX_TAKEN_OVER_RUNS) {
        const task = await this.tasks.takeOver(randomUUID());
        if (!task) return;
        if (this.stopping) {
          await this.tasks.release(task.id, task.leaseId);
          return;
        }
        this.logger.info({ task: task.id, endpointId: task.endpointId, afterId: task.afterId }, 'taking over a recover whose run stopped');
        this.start(task);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not look for abandoned recovers; trying again later');
    }
  }

  async purgeSettled(): Promise<void> {
    try {
      const purged = await this.tasks.purgeSettled(SETTLED_KEPT_FOR);
      if (purged > 0) this.logger.info({ purged }, 'old finished and failed recovers deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not delete old recovers; trying again later');
    }
  }

  private start(run: RecoverRun): void {
    const running = this.continue(run).catch((error) =>
      this.logger.error({ err: error, task: run.id, endpointId: run.endpointId }, 'recover stopped before its last page; another run takes it over once its lease runs out'),
    );
    this.runs.add(running);
    void running.finally(() => this.runs.delete(running));
  }

  private async continue(run: RecoverRun): Promise<void> {
    while (!this.stopping) {
      if ((await this.nextPage(run)) !== 'more') return;
    }
    await this.tasks.release(run.id, run.leaseId);
  }

  /** Enqueues the page after `run.afterId` and records it: `finished`, `more` to go, or `lost` to another run. */
  private async nextPage(run: RecoverRun): Promise<PageOutcome> {
    const afterId = await this.redelivery.enqueueFailedPage(run.id, run.appId, run.endpointId, run, run.afterId ?? undefined);
    if (afterId === undefined) return (await this.tasks.finish(run.id, run.leaseId)) ? 'finished' : 'lost';
    if (!(await this.tasks.advance(run.id, run.leaseId, afterId))) return 'lost';
    run.afterId = afterId;
    return 'more';
  }
}

type PageOutcome = 'finished' | 'more' | 'lost';
