import { IsBoolean, IsIn, IsInt, IsString, Min } from 'class-validator';
import { AttemptTrigger, MessageStatus } from './attempt.dto';

/** One attempt outcome, written by the dispatcher, read by the attempt log and the live feed. */
export class AttemptRecorded {
  @IsString()
  id: string;

  @IsString()
  orgId: string;

  @IsString()
  appId: string;

  @IsString()
  msgId: string;

  @IsString()
  endpointId: string;

  @IsString()
  url: string;

  /** 0 when no HTTP response was received (network error, timeout). */
  @IsInt()
  responseStatusCode: number;

  /** Response body (truncated), or the network error. */
  @IsString()
  response: string;

  @IsInt()
  @Min(0)
  responseDurationMs: number;

  @IsIn([MessageStatus.Success, MessageStatus.Fail])
  status: MessageStatus.Success | MessageStatus.Fail;

  @IsIn([AttemptTrigger.Scheduled, AttemptTrigger.Manual])
  triggerType: AttemptTrigger;

  @IsInt()
  @Min(1)
  attemptNumber: number;

  /** True when no further attempt will follow (success or retries exhausted). */
  @IsBoolean()
  final: boolean;

  @IsInt()
  timestamp: number;
}

/**
 * What an ATTEMPTS message carries: `{attempts: [...]}`, the outcomes of one endpoint's attempts
 * that finished together (one publish, one stored message and one ack per batch), or a single
 * AttemptRecorded, as dispatchers before batching wrote it (still in the stream after an upgrade).
 */
export interface AttemptsRecorded {
  attempts: AttemptRecorded[];
}

/** The attempts of an ATTEMPTS message in either form, each still to be validated. */
export function attemptsIn(body: unknown): unknown[] {
  const batch = (body as Partial<AttemptsRecorded> | null)?.attempts;
  return Array.isArray(batch) ? batch : [body];
}
