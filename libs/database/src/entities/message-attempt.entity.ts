import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One HTTP delivery attempt of a message to an endpoint. */
@Entity('message_attempts')
@Index('message_attempts_endpoint', ['appId', 'endpointId', 'id'])
@Index('message_attempts_msg', ['appId', 'msgId', 'id'])
@Index('message_attempts_endpoint_msg', ['appId', 'endpointId', 'msgId'])
export class MessageAttemptEntity {
  @PrimaryColumn('varchar')
  id: string;

  @Column('varchar', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { name: 'app_id' })
  appId: string;

  @Column('varchar', { name: 'msg_id' })
  msgId: string;

  @Column('varchar', { name: 'endpoint_id' })
  endpointId: string;

  @Column('text')
  url: string;

  @Column('text')
  response: string;

  @Column('int', { name: 'response_status_code' })
  responseStatusCode: number;

  @Column('int', { name: 'response_duration_ms' })
  responseDurationMs: number;

  @Column('smallint')
  status: number;

  @Column('smallint', { name: 'trigger_type' })
  triggerType: number;

  @Column('int', { name: 'attempt_number' })
  attemptNumber: number;

  /** The message's last attempt to this endpoint: it succeeded, or retries are exhausted. */
  @Column('boolean')
  final: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
