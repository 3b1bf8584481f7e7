import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ATTEMPT_LOG_DATA_SOURCE } from '../attempt-log.data-source';

export interface EndpointOutcome {
  orgId: string;
  appId: string;
  endpointId: string;
  /** The last attempt of the batch succeeded. */
  healthy: boolean;
  /** When the endpoint's current run of failures began, as far as this batch shows. */
  failingSince: Date;
  /** The batch saw a success before its failures (so earlier failures no longer count). */
  recovered: boolean;
}

@Injectable()
export class EndpointHealthRepository {
  constructor(@InjectDataSource(ATTEMPT_LOG_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Records one batch's outcome per endpoint; returns since when each is failing (null if healthy). */
  async record(outcomes: EndpointOutcome[]): Promise<Map<string, Date | null>> {
    if (outcomes.length === 0) return new Map();
    const rows: { endpoint_id: string; failing_since: Date | null }[] = await this.dataSource.query(
      `INSERT INTO endpoint_health (endpoint_id, org_id, app_id, failing_since)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[])
       ON CONFLICT (endpoint_id) DO UPDATE SET failing_since = CASE
         WHEN excluded.failing_since IS NULL THEN NULL
         WHEN $5::varchar[] @> ARRAY[excluded.endpoint_id] THEN excluded.failing_since
         ELSE COALESCE(endpoint_health.failing_since, excluded.failing_since) END
       RETURNING endpoint_id, failing_since`,
      [
        outcomes.map((o) => o.endpointId),
        outcomes.map((o) => o.orgId),
        outcomes.map((o) => o.appId),
        outcomes.map((o) => (o.healthy ? null : o.failingSince)),
        outcomes.filter((o) => o.recovered).map((o) => o.endpointId),
      ],
    );
    return new Map(rows.map((row) => [row.endpoint_id, row.failing_since]));
  }
}
