import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BackgroundTaskStatus } from '@hookline/contracts';

/**
 * A recover (`POST …/endpoint/{ep}/recover`), a Svix background task: its failed messages are
 * enqueued page by page. Kept so that a recover outlives the attempt-log process running it (a run
 * whose lease ran out, as it stopped or died, leaves the task to another, which goes on after
 * `afterId`), and so that `GET /background-task/{id}` can tell how it went.
 */
@Entity('recover_tasks')
@Index('recover_tasks_running', ['status', 'leaseUntil'])
@Index('recover_tasks_org', ['orgId', 'id'])
export class RecoverTaskEntity {
  @PrimaryColumn('varchar')
  id: string;

  @Column('varchar', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { name: 'app_id' })
  appId: string;

  @Column('varchar', { name: 'endpoint_id' })
  endpointId: string;

  @Column('timestamptz')
  since: Date;

  @Column('timestamptz')
  until: Date;

  /** The last message enqueued: the next page starts after it (null: the task finished within its first page). */
  @Column('varchar', { name: 'after_id', nullable: true })
  afterId: string | null;

  /** `failed`: its first page failed and the caller was told so, or its runs kept stopping without enqueueing a page. */
  @Column('varchar')
  status: BackgroundTaskStatus;

  /** Which run holds the task, and until when: past it, another run may take the task over. */
  @Column('uuid', { name: 'lease_id' })
  leaseId: string;

  @Column('timestamptz', { name: 'lease_until' })
  leaseUntil: Date;

  /** Runs in a row whose lease ran out before they enqueued a page: taking the task over counts one, a page enqueued resets it. */
  @Column('integer', { name: 'stalled_runs', default: 0 })
  stalledRuns: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
