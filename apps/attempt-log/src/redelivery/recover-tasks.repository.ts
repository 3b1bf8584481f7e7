import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeysetPage, RecoverTaskEntity } from '@hookline/database';
import { ATTEMPT_LOG_DATA_SOURCE } from '../attempt-log.data-source';

/** How long a run holds a task without renewing (each page renews it). */
export const RECOVER_LEASE = '60 seconds';

/**
 * The `recover_tasks` table. Leases are timed with PostgreSQL's clock, and every change names the
 * lease it holds, so a run that lost its task to another changes nothing.
 */
@Injectable()
export class RecoverTasksRepository {
  constructor(@InjectDataSource(ATTEMPT_LOG_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Stores a task: a running one leased to the run that creates it, or one already finished. */
  async create(task: Pick<RecoverTaskEntity, 'id' | 'orgId' | 'appId' | 'endpointId' | 'since' | 'until' | 'afterId' | 'status' | 'leaseId'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO recover_tasks (id, org_id, app_id, endpoint_id, since, until, after_id, status, lease_id, lease_until, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10::interval, now(), now())`,
      [task.id, task.orgId, task.appId, task.endpointId, task.since, task.until, task.afterId, task.status, task.leaseId, task.status === 'running' ? RECOVER_LEASE : '0 seconds'],
    );
  }

  findOne(orgId: string, id: string): Promise<RecoverTaskEntity | null> {
    return this.dataSource.getRepository(RecoverTaskEntity).findOneBy({ orgId, id });
  }

  list(orgId: string, page: KeysetPage, status?: RecoverTaskEntity['status']): Promise<RecoverTaskEntity[]> {
    const query = this.dataSource.getRepository(RecoverTaskEntity).createQueryBuilder('t').where('t.org_id = :orgId', { orgId });
    if (status) query.andWhere('t.status = :status', { status });
    if (page.cursorOperator) query.andWhere(`t.id ${page.cursorOperator} :cursor`, { cursor: page.cursor });
    return query.orderBy('t.id', page.queryOrder).take(page.take).getMany();
  }

  /**
   * Leases to `leaseId` the oldest running task whose lease ran out, if any; the run that held it
   * counts as stalled until this one enqueues a page.
   */
  async takeOver(leaseId: string): Promise<RecoverTaskEntity | undefined> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE recover_tasks SET lease_id = $1, lease_until = now() + $2::interval, stalled_runs = stalled_runs + 1
       WHERE id = (SELECT id FROM recover_tasks WHERE status = 'running' AND lease_until < now() ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [leaseId, RECOVER_LEASE],
    );
    return rows[0] ? this.dataSource.getRepository(RecoverTaskEntity).findOneByOrFail({ id: rows[0].id }) : undefined;
  }

  /** Records the page enqueued up to `afterId` and renews the lease; false when the lease was lost. */
  advance(id: string, leaseId: string, afterId: string): Promise<boolean> {
    return this.update(id, leaseId, `after_id = $3, lease_until = now() + $4::interval, stalled_runs = 0, updated_at = now()`, [afterId, RECOVER_LEASE]);
  }

  /** Fails the running tasks left again by their last `stalledRuns` runs without a page enqueued; answers their ids. */
  async failStalled(stalledRuns: number): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE recover_tasks SET status = 'failed', updated_at = now() WHERE status = 'running' AND lease_until < now() AND stalled_runs >= $1 RETURNING id`,
      [stalledRuns],
    );
    return rows.map((row) => row.id);
  }

  /** Deletes the tasks that finished or failed longer than `age` ago; how many. */
  async purgeSettled(age: string): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(`DELETE FROM recover_tasks WHERE status <> 'running' AND updated_at < now() - $1::interval`, [age]);
    return count;
  }

  finish(id: string, leaseId: string): Promise<boolean> {
    return this.update(id, leaseId, `status = 'finished', updated_at = now()`, []);
  }

  /** The caller was told the recover failed: no run goes on with it. */
  fail(id: string, leaseId: string): Promise<boolean> {
    return this.update(id, leaseId, `status = 'failed', updated_at = now()`, []);
  }

  /** Gives the task up at once (this process is stopping), for another run to take over. */
  release(id: string, leaseId: string): Promise<boolean> {
    return this.update(id, leaseId, `lease_until = now()`, []);
  }

  private async update(id: string, leaseId: string, set: string, values: unknown[]): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(`UPDATE recover_tasks SET ${set} WHERE id = $1 AND lease_id = $2`, [id, leaseId, ...values]);
    return count === 1;
  }
}
