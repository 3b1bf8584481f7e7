import { ApiProperty, ApiPropertyOptions, ApiSchema, PickType } from '@nestjs/swagger';
import { DATE_TIME } from './api-schema';
import { EndpointOut } from './endpoint.dto';

/** Svix `MessageStatus`: 0 success, 1 pending, 2 fail, 3 sending. */
export enum MessageStatus {
  Success = 0,
  Pending = 1,
  Fail = 2,
  Sending = 3,
}

/** Svix `MessageAttemptTriggerType`: 0 scheduled, 1 manual. */
export enum AttemptTrigger {
  Scheduled = 0,
  Manual = 1,
}

export const MESSAGE_STATUS: ApiPropertyOptions = { enum: MessageStatus, enumName: 'MessageStatus', description: '0 success, 1 pending, 2 fail, 3 sending.' };

export class MessageAttemptOut {
  @ApiProperty({ example: 'atmpt_032Ag4WoRQiRwyYbaXArA2' })
  id: string;
  @ApiProperty()
  msgId: string;
  @ApiProperty()
  endpointId: string;
  @ApiProperty()
  url: string;
  @ApiProperty({ description: "The receiver's response body, up to 20 KB." })
  response: string;
  @ApiProperty({ type: 'integer' })
  responseStatusCode: number;
  @ApiProperty({ type: 'integer' })
  responseDurationMs: number;
  @ApiProperty(MESSAGE_STATUS)
  status: MessageStatus;
  @ApiProperty({ enum: AttemptTrigger, enumName: 'MessageAttemptTriggerType', description: '0 scheduled, 1 manual.' })
  triggerType: AttemptTrigger;
  @ApiProperty(DATE_TIME)
  timestamp: string;
}

/** An endpoint a message went to, with the message's status there. */
export class MessageEndpointOut extends PickType(EndpointOut, ['id', 'uid', 'url', 'description', 'disabled', 'createdAt', 'updatedAt'] as const) {
  @ApiProperty(MESSAGE_STATUS)
  status: MessageStatus;
  @ApiProperty({ ...DATE_TIME, nullable: true })
  nextAttempt: string | null;
}

/** Deliveries to one endpoint, by status. */
@ApiSchema({ name: 'EndpointStats' })
export class EndpointStatsOut {
  @ApiProperty({ type: 'integer' })
  success: number;
  @ApiProperty({ type: 'integer' })
  pending: number;
  @ApiProperty({ type: 'integer' })
  sending: number;
  @ApiProperty({ type: 'integer' })
  fail: number;
}
