import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { DeliveryOrdering, PayloadMode, RetryPolicy, SealedSecret } from '@hookline/contracts';
import { ApplicationEntity } from './application.entity';
import { bigintToNumber } from './bigint-transformer';

/** Registry projection of an endpoint aggregate. Secrets and headers are stored sealed. */
@Entity('endpoints')
@Index('endpoints_app_uid', ['appId', 'uid'], { unique: true, where: 'uid IS NOT NULL' })
@Index('endpoints_app_id', ['appId', 'id'])
export class EndpointEntity {
  @PrimaryColumn('varchar')
  id: string;

  @Column('varchar', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { name: 'app_id' })
  appId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id', foreignKeyConstraintName: 'endpoints_app_fk' })
  app?: ApplicationEntity;

  @Column('varchar', { nullable: true })
  uid: string | null;

  @Column('text')
  url: string;

  @Column('text')
  description: string;

  @Column('int')
  version: number;

  @Column('boolean')
  disabled: boolean;

  @Column('text', { name: 'filter_types', array: true, nullable: true })
  filterTypes: string[] | null;

  @Column('text', { array: true, nullable: true })
  channels: string[] | null;

  @Column('int', { name: 'rate_limit', nullable: true })
  rateLimit: number | null;

  @Column('jsonb')
  metadata: Record<string, string>;

  @Column('text', { name: 'headers_sealed', nullable: true })
  headersSealed: string | null;

  @Column('jsonb')
  secrets: SealedSecret[];

  @Column('jsonb', { name: 'retry_policy', nullable: true })
  retryPolicy: RetryPolicy | null;

  @Column('int', { name: 'timeout_ms', nullable: true })
  timeoutMs: number | null;

  @Column('varchar', { name: 'payload_mode' })
  payloadMode: PayloadMode;

  @Column('int', { name: 'max_concurrency', nullable: true })
  maxConcurrency: number | null;

  @Column('varchar')
  ordering: DeliveryOrdering;

  @Column('boolean', { name: 'follow_redirects' })
  followRedirects: boolean;

  @Column('boolean', { name: 'tls_verify' })
  tlsVerify: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('bigint', { name: 'stream_seq', transformer: bigintToNumber })
  streamSeq: number;
}
