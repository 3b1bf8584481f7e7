import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One `idempotency-key` of a gateway request: claimed while the request runs (`status` null), then
 * holding its 2xx response for replay. Rows older than the replay window are free to claim again
 * and are purged.
 */
@Entity('idempotency_keys')
@Index('idempotency_keys_stored_at', ['storedAt'])
@Index('idempotency_keys_msg_id', ['msgId'])
export class IdempotencyKeyEntity {
  /** SHA-256 (hex) of the caller's credential, the route and the header's value. */
  @PrimaryColumn('varchar', { length: 64 })
  key: string;

  /** The caller's org. */
  @Column('varchar', { name: 'org_id' })
  orgId: string;

  /** Which request holds the key: only that one completes or releases it. */
  @Column('uuid', { name: 'claim_id' })
  claimId: string;

  @Column('int', { nullable: true })
  status: number | null;

  @Column('text', { nullable: true })
  body: string | null;

  /** The message the response shows (a message create): deleting its content removes it from the response too. */
  @Column('varchar', { name: 'msg_id', nullable: true })
  msgId: string | null;

  /** When the key was claimed or completed: a pending claim this old is abandoned, a response this old expired. */
  @Column('timestamptz', { name: 'stored_at' })
  storedAt: Date;
}
