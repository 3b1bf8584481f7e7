import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint-transformer';

/** An accepted message, as the attempt log keeps it for queries. */
@Entity('messages')
@Index('messages_app_id', ['appId', 'id'])
@Index('messages_app_event_id', ['appId', 'eventId'])
export class MessageEntity {
  @PrimaryColumn('varchar')
  id: string;

  @Column('varchar', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { name: 'app_id' })
  appId: string;

  @Column('varchar', { name: 'event_type' })
  eventType: string;

  @Column('varchar', { name: 'event_id', nullable: true })
  eventId: string | null;

  @Column('text', { array: true, nullable: true })
  channels: string[] | null;

  @Column('jsonb', { nullable: true })
  payload: Record<string, unknown> | null;

  @Column('bigint', { name: 'stream_seq', transformer: bigintToNumber })
  streamSeq: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
