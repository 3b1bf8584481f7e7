import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A recover (`POST …/endpoint/{ep}/recover`) whose failed messages are enqueued page by page in the
 * background. Kept so that a recover outlives the attempt-log process running it: a replica whose
 * lease ran out (it stopped or died) leaves the task to another, which goes on after `afterId`.
 */
@Entity('recover_tasks')
@Index('recover_tasks_running', ['status', 'leaseUntil'])
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

  /** The last message enqueued: the next page starts after it. */
  @Column('varchar', { name: 'after_id' })
  afterId: string;

  @Column('varchar')
  status: 'running' | 'finished';

  /** Which run holds the task, and until when: past it, another run may take the task over. */
  @Column('uuid', { name: 'lease_id' })
  leaseId: string;

  @Column('timestamptz', { name: 'lease_until' })
  leaseUntil: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
