import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint-transformer';

/** Registry projection of an org's event type. */
@Entity('event_types')
export class EventTypeEntity {
  @PrimaryColumn('varchar', { name: 'org_id' })
  orgId: string;

  @PrimaryColumn('varchar')
  name: string;

  @Column('text')
  description: string;

  @Column('boolean')
  archived: boolean;

  @Column('boolean')
  deprecated: boolean;

  @Column('jsonb', { nullable: true })
  schemas: Record<string, unknown> | null;

  @Column('varchar', { name: 'feature_flag', nullable: true })
  featureFlag: string | null;

  @Column('varchar', { name: 'group_name', nullable: true })
  groupName: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('bigint', { name: 'stream_seq', transformer: bigintToNumber })
  streamSeq: number;
}
