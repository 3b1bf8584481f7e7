import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { AttemptTrigger } from './attempt.dto';

/** What a delivery task says besides the payload: the fields its NATS header carries. */
export class DeliveryTaskFields {
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

/** One (message × endpoint) unit of work on the DELIVERIES stream. */
export class DeliveryTask extends DeliveryTaskFields {
  /** The message payload exactly as it will be sent (JSON text). */
  @IsString()
  payload: string;
}

/** Room for a delivery task's header (ids, event type, event id) besides its payload. */
const TASK_OVERHEAD_BYTES = 2048;

/** Whether a task whose payload has this many bytes fits in one NATS message. */
export function deliveryTaskFits(payloadBytes: number, maxPayloadBytes: number): boolean {
  return payloadBytes + TASK_OVERHEAD_BYTES <= maxPayloadBytes;
}
