import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { AttemptTrigger } from './attempt.dto';

/** One (message × endpoint) unit of work on the DELIVERIES stream. */
export class DeliveryTask {
  @IsString()
  msgId: string;

  @IsString()
  orgId: string;

  @IsString()
  appId: string;

  @IsString()
  endpointId: string;

  @IsString()
  eventType: string;

  @IsOptional()
  @IsString()
  eventId?: string | null;

  /** The message payload exactly as it will be sent (serialised JSON). */
  @IsString()
  payload: string;

  /** When the message was accepted, in epoch milliseconds. */
  @IsInt()
  @Min(0)
  acceptedAt: number;

  @IsIn([AttemptTrigger.Scheduled, AttemptTrigger.Manual])
  trigger: AttemptTrigger;

  /** The number of the attempt this task makes (1 for the first); retries carry it forward. */
  @IsInt()
  @Min(1)
  attempt: number;
}

/** Room for a delivery task's fields besides the payload (ids, event type, event id). */
const TASK_OVERHEAD_BYTES = 2048;

/** Whether tasks for this payload (carried as an escaped JSON string) fit in one NATS message. */
export function deliveryTaskFits(payloadJson: string, maxPayloadBytes: number): boolean {
  return Buffer.byteLength(JSON.stringify(payloadJson)) + TASK_OVERHEAD_BYTES <= maxPayloadBytes;
}
