import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { UID_MAX_LENGTH, UID_PATTERN } from './patterns';

/** The body of `POST /app/{app}/msg`, and exactly what producers publish on `hookline.msg.<org>.<app>`. */
export class MessageIn {
  @IsString()
  @Length(1, 256)
  @Matches(UID_PATTERN, { message: 'eventType may contain only letters, digits, -, _ and .' })
  eventType: string;

  @IsObject({ message: 'payload must be a JSON object' })
  payload: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @Length(1, UID_MAX_LENGTH)
  @Matches(UID_PATTERN, { message: 'eventId may contain only letters, digits, -, _ and .' })
  eventId?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(UID_PATTERN, { each: true, message: 'each channels entry must be a channel name' })
  channels?: string[] | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  payloadRetentionPeriod?: number;
}

export interface MessageOut {
  id: string;
  eventType: string;
  eventId: string | null;
  channels: string[] | null;
  payload: Record<string, unknown>;
  timestamp: string;
}

/** A message that arrived on the NATS subject but could not be accepted (Hookline extension). */
export interface RejectedMessageOut {
  streamSeq: number;
  subject: string;
  reason: string;
  raw: string;
  timestamp: string;
}

/** Body of `POST /app/{app}/endpoint/{ep}/recover`: resend what failed in [since, until). */
export class RecoverIn {
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until?: string | null;
}

export interface RecoverOut {
  id: string;
  status: 'running' | 'finished';
  task: 'endpoint.recover';
}

/** Body of `POST /app/{app}/endpoint/{ep}/send-example`; `payload` is a Hookline extension. */
export class SendExampleIn {
  @IsString()
  @Length(1, 256)
  @Matches(UID_PATTERN, { message: 'eventType may contain only letters, digits, -, _ and .' })
  eventType: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  exampleIndex?: number;

  @IsOptional()
  @IsObject({ message: 'payload must be a JSON object' })
  payload?: Record<string, unknown>;
}
