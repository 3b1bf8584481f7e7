import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint-transformer';

/** Registry projection of an application aggregate. */
@Entity('applications')
@Index('applications_org_uid', ['orgId', 'uid'], { unique: true, where: 'uid IS NOT NULL' })
@Index('applications_org_id', ['orgId', 'id'])
export class ApplicationEntity {
  @PrimaryColumn('varchar')
  id: string;

  @Column('varchar', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { nullable: true })
  uid: string | null;

  @Column('varchar')
  name: string;

  @Column('int', { name: 'rate_limit', nullable: true })
  rateLimit: number | null;

  @Column('jsonb')
  metadata: Record<string, string>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  /** REGISTRY stream sequence of the aggregate's last event: the expected sequence of the next. */
  @Column('bigint', { name: 'stream_seq', transformer: bigintToNumber })
  streamSeq: number;
}
