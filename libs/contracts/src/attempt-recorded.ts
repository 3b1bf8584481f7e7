import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Min, ValidateNested } from 'class-validator';
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
 * What an ATTEMPTS message carries: the outcomes of one endpoint's attempts that finished
 * together. One publish (and one stored message, one ack) per batch instead of per attempt.
 */
export class AttemptsRecorded {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AttemptRecorded)
  attempts: AttemptRecorded[];
}
