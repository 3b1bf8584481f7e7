import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { RecoverIn, RecoverOut, newId, validateInput } from '@hookline/contracts';
import { RecoverTaskEntity } from '@hookline/database';
import { LOGGER } from '@hookline/observability';
import { AppResolver } from '../app-resolver';
import { RecoverTasksRepository } from './recover-tasks.repository';
import { RedeliveryService } from './redelivery.service';

/** How often a replica looks for recovers whose run stopped or died, to take them over. */
const TAKE_OVER_EVERY_MS = 30_000;

type RecoverRun = Pick<RecoverTaskEntity, 'id' | 'orgId' | 'appId' | 'endpointId' | 'since' | 'until' | 'leaseId'> & { afterId: string };

/**
 * `POST …/endpoint/{ep}/recover`: enqueues the first page of failed messages before answering,
 * `finished` when that was all; otherwise the answer is `running` and the other pages follow in
 * the background, so a large window never outlasts the caller's request (a client retrying a
 * timed-out recover would enqueue everything twice). A background recover is kept in PostgreSQL
 * with the last message enqueued: when its process stops or dies, this or another replica goes
 * on from there (a page enqueued just before a crash may be enqueued again: at least once).
 */
@Injectable()
export class RecoverService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runs = new Set<Promise<void>>();
  private stopping = false;
  private takeOverTimer?: NodeJS.Timeout;

  constructor(
    private readonly apps: AppResolver,
    private readonly redelivery: RedeliveryService,
    private readonly tasks: RecoverTasksRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async recover(orgId: string, appRef: string, endpointRef: string, body: unknown): Promise<RecoverOut> {
    const input = validateInput(RecoverIn, body);
    const endpoint = await this.apps.requireEndpoint(orgId, appRef, endpointRef);
    const task = { id: newId('qtask'), orgId: endpoint.orgId, appId: endpoint.appId, endpointId: endpoint.id, since: new Date(input.since), until: input.until ? new Date(input.until) : new Date() };
    const afterId = await this.redelivery.enqueueFailedPage(task.appId, task.endpointId, task);
    if (afterId === undefined) {
      await this.tasks.create({ ...task, afterId: null, status: 'finished', leaseId: randomUUID() });
      return { id: task.id, status: 'finished', task: 'endpoint.recover' };
    }
    const run = { ...task, afterId, leaseId: randomUUID() };
    await this.tasks.create({ ...run, status: 'running' });
    this.start(run);
    return { id: task.id, status: 'running', task: 'endpoint.recover' };
  }

  onApplicationBootstrap(): void {
    void this.takeOverAbandoned();
    this.takeOverTimer = setInterval(() => void this.takeOverAbandoned(), TAKE_OVER_EVERY_MS).unref();
  }

  /** Lets each run finish its page and give its task up, for the next process to go on with. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.takeOverTimer);
    await Promise.allSettled([...this.runs]);
  }

  private async takeOverAbandoned(): Promise<void> {
    try {
      for (let task = await this.tasks.takeOver(randomUUID()); task && !this.stopping; task = await this.tasks.takeOver(randomUUID())) {
        this.logger.info({ task: task.id, endpointId: task.endpointId, afterId: task.afterId }, 'taking over a recover whose run stopped');
        this.start({ ...task, afterId: task.afterId! });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not look for abandoned recovers; trying again later');
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
    let afterId: string | undefined = run.afterId;
    while (!this.stopping) {
      afterId = await this.redelivery.enqueueFailedPage(run.appId, run.endpointId, run, afterId);
      const held = afterId === undefined ? await this.tasks.finish(run.id, run.leaseId) : await this.tasks.advance(run.id, run.leaseId, afterId);
      if (afterId === undefined || !held) return;
    }
    await this.tasks.release(run.id, run.leaseId);
  }
}
