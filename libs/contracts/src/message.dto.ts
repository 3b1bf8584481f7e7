import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DATE_TIME, JSON_OBJECT, NAMES } from './api-schema';
import { MESSAGE_STATUS, MessageStatus } from './attempt.dto';
import { BACKGROUND_TASK_STATUSES, BackgroundTaskStatus } from './list.dto';
import { UID_MAX_LENGTH, UID_PATTERN } from './patterns';

/** The body of `POST /app/{app}/msg`, and exactly what producers publish on `hookline.msg.<org>.<app>`. */
export class MessageIn {
  @ApiProperty({ example: 'invoice.paid' })
  @IsString()
  @Length(1, 256)
  @Matches(UID_PATTERN, { message: 'eventType may contain only letters, digits, -, _ and .' })
  eventType: string;

  @ApiProperty({ ...JSON_OBJECT, example: { invoiceId: 'inv_42', amount: 1999 } })
  @IsObject({ message: 'payload must be a JSON object' })
  payload: Record<string, unknown>;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'evt-inv-42-paid', description: 'Your own id for the message, unique per application (409 on a second).' })
  @IsOptional()
  @IsString()
  @Length(1, UID_MAX_LENGTH)
  @Matches(UID_PATTERN, { message: 'eventId may contain only letters, digits, -, _ and .' })
  eventId?: string | null;

  @ApiPropertyOptional(NAMES)
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(UID_PATTERN, { each: true, message: 'each channels entry must be a channel name' })
  channels?: string[] | null;

  @ApiPropertyOptional({ type: 'integer', description: 'Days the payload is kept.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  payloadRetentionPeriod?: number;
}

export class MessageOut {
  @ApiProperty({ example: 'msg_032Ag4WoSn8mbBvM5R2GP9' })
  id: string;
  @ApiProperty()
  eventType: string;
  @ApiProperty({ type: String, nullable: true })
  eventId: string | null;
  @ApiProperty(NAMES)
  channels: string[] | null;
  @ApiProperty(JSON_OBJECT)
  payload: Record<string, unknown>;
  @ApiProperty(DATE_TIME)
  timestamp: string;
}

/**
 * The response to a message create. The gateway answers it and the message log stores it for
 * replay (a keyed create), so both build it here: same members, same order.
 */
export function createdMessageOut(id: string, message: Omit<MessageOut, 'id' | 'timestamp'>, timestamp: string): MessageOut {
  return { id, eventType: message.eventType, payload: message.payload, eventId: message.eventId, channels: message.channels, timestamp };
}

/** A message as one endpoint sees it: with its delivery status there. */
export class EndpointMessageOut extends MessageOut {
  @ApiProperty(MESSAGE_STATUS)
  status: MessageStatus;
  @ApiProperty({ ...DATE_TIME, nullable: true })
  nextAttempt: string | null;
}

/** A message that arrived on the NATS subject but could not be accepted (Hookline extension). */
export class RejectedMessageOut {
  @ApiProperty({ type: 'integer' })
  streamSeq: number;
  @ApiProperty()
  subject: string;
  @ApiProperty()
  reason: string;
  @ApiProperty({ description: 'The published bytes, as text.' })
  raw: string;
  @ApiProperty(DATE_TIME)
  timestamp: string;
}

/** Body of `POST /app/{app}/endpoint/{ep}/recover`: resend what failed in [since, until). */
export class RecoverIn {
  @ApiProperty(DATE_TIME)
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since: string;

  @ApiPropertyOptional({ ...DATE_TIME, nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until?: string | null;
}

export class RecoverOut {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: ['running', 'finished'] })
  status: 'running' | 'finished';
  @ApiProperty({ enum: ['endpoint.recover'] })
  task: 'endpoint.recover';
}

/** `GET /background-task/{id}`: a recover, as Svix shows its background tasks. */
export class BackgroundTaskOut {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: BACKGROUND_TASK_STATUSES, enumName: 'BackgroundTaskStatus' })
  status: BackgroundTaskStatus;
  @ApiProperty({ enum: ['endpoint.recover'] })
  task: 'endpoint.recover';
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The recover: appId, endpointId, since, until.' })
  data: { appId: string; endpointId: string; since: string; until: string };
  @ApiProperty(DATE_TIME)
  updatedAt: string;
}

/** Body of `POST /app/{app}/endpoint/{ep}/send-example`; `payload` is a Hookline extension. */
export class SendExampleIn {
  @ApiProperty({ example: 'invoice.paid' })
  @IsString()
  @Length(1, 256)
  @Matches(UID_PATTERN, { message: 'eventType may contain only letters, digits, -, _ and .' })
  eventType: string;

  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  exampleIndex?: number;

  @ApiPropertyOptional({ ...JSON_OBJECT, description: "Hookline extension: the payload to send instead of the event type's example." })
  @IsOptional()
  @IsObject({ message: 'payload must be a JSON object' })
  payload?: Record<string, unknown>;
}
