import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint-transformer';

/** The last stream sequence a projection applied; replay skips everything up to it. */
@Entity('projection_checkpoints')
export class ProjectionCheckpointEntity {
  @PrimaryColumn('varchar')
  name: string;

  @Column('bigint', { name: 'last_seq', transformer: bigintToNumber })
  lastSeq: number;
}
