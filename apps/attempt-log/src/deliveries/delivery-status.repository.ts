import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageStatus } from '@hookline/contracts';
import { KeysetPage } from '@hookline/database';
import { ATTEMPT_LOG_DATA_SOURCE } from '../attempt-log.data-source';

/** Per (message, endpoint): succeeded once, or its last attempt was final (exhausted), else retrying. */
const DELIVERIES = `
  SELECT msg_id, endpoint_id, bool_or(status = 0) AS ok, bool_or(final) AS done, max(created_at) AS last_attempt_at
  FROM message_attempts WHERE app_id = $1 AND %FILTER% GROUP BY msg_id, endpoint_id`;

export interface DeliveryRow {
  msg_id: string;
  endpoint_id: string;
  ok: boolean;
  done: boolean;
  last_attempt_at: Date;
}

export function deliveryStatus(row: { ok: boolean; done: boolean }): MessageStatus {
  return row.ok ? MessageStatus.Success : row.done ? MessageStatus.Fail : MessageStatus.Pending;
}

/** The delivery status of messages per endpoint, derived from the attempts. */
@Injectable()
export class DeliveryStatusRepository {
  constructor(@InjectDataSource(ATTEMPT_LOG_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Every endpoint a message was attempted to. */
  forMessage(appId: string, msgId: string): Promise<DeliveryRow[]> {
    return this.dataSource.query(`${DELIVERIES.replace('%FILTER%', 'msg_id = $2')} ORDER BY endpoint_id`, [appId, msgId]);
  }

  /** One page of the messages attempted to an endpoint, newest first, with their message rows. */
  forEndpoint(appId: string, endpointId: string, page: KeysetPage): Promise<(DeliveryRow & { id: string })[]> {
    const cursor = page.cursor ? `AND msg_id ${page.queryOrder === 'DESC' ? '<' : '>'} $3` : '';
    return this.dataSource.query(
      `${DELIVERIES.replace('%FILTER%', `endpoint_id = $2 ${cursor}`)} ORDER BY msg_id ${page.queryOrder} LIMIT ${page.take}`,
      [appId, endpointId, ...(page.cursor ? [page.cursor] : [])],
    ).then((rows: DeliveryRow[]) => rows.map((row) => ({ ...row, id: row.msg_id })));
  }

  async stats(appId: string, endpointId: string): Promise<{ success: number; pending: number; fail: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE ok)::int AS success, count(*) FILTER (WHERE NOT ok AND NOT done)::int AS pending,
              count(*) FILTER (WHERE NOT ok AND done)::int AS fail
       FROM (${DELIVERIES.replace('%FILTER%', 'endpoint_id = $2')}) deliveries`,
      [appId, endpointId],
    );
    return row;
  }
}
