import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint-transformer';

/** A message published on a Hookline subject that could not be accepted, kept with the reason. */
@Entity('rejected_messages')
@Index('rejected_messages_org_app', ['orgId', 'appRef', 'streamSeq'])
export class RejectedMessageEntity {
  @PrimaryColumn('bigint', { name: 'stream_seq', transformer: bigintToNumber })
  streamSeq: number;

  @Column('varchar', { name: 'org_id', nullable: true })
  orgId: string | null;

  @Column('varchar', { name: 'app_ref', nullable: true })
  appRef: string | null;

  @Column('text')
  subject: string;

  @Column('text')
  reason: string;

  @Column('text')
  raw: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
