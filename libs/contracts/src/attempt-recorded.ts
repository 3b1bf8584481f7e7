import { IsBoolean, IsIn, IsInt, IsString, Min } from 'class-validator';
import { AttemptTrigger, MessageStatus } from './attempt.dto';

/** An attempt outcome on the ATTEMPTS stream, written by the dispatcher, read by the attempt log. */
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
