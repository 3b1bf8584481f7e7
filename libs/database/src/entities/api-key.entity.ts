import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint-transformer';

/** Registry projection of an org's API key: only the token's hash is kept. */
@Entity('api_keys')
@Index('api_keys_org_id', ['orgId', 'id'])
export class ApiKeyEntity {
  @PrimaryColumn('varchar')
  id: string;

  @Column('varchar', { name: 'org_id' })
  orgId: string;

  @Column('varchar')
  name: string;

  @Column('varchar', { name: 'token_hash' })
  tokenHash: string;

  @Column('boolean')
  revoked: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('bigint', { name: 'stream_seq', transformer: bigintToNumber })
  streamSeq: number;
}
