import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Since when an endpoint has failed without a single success, for auto-disabling. */
@Entity('endpoint_health')
export class EndpointHealthEntity {
  @PrimaryColumn('varchar', { name: 'endpoint_id' })
  endpointId: string;

  @Column('varchar', { name: 'org_id' })
  orgId: string;

  @Column('varchar', { name: 'app_id' })
  appId: string;

  /** Null while the endpoint's last attempt succeeded. */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince: Date | null;
}
