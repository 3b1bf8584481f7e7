import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsISO8601, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Transform, Type } from 'class-transformer';
import { UID_MAX_LENGTH, UID_PATTERN } from './patterns';

/** `?limit=&iterator=` of every Svix list. */
export class ListQuery {
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @ApiPropertyOptional({ type: String, description: 'The `iterator` (or `prevIterator`) of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(UID_MAX_LENGTH + 1)
  @Matches(/^-?[a-zA-Z0-9\-_.]+$/, { message: 'iterator must be an iterator returned by a previous page' })
  iterator?: string | null;
}

export const DEFAULT_LIST_LIMIT = 50;

/** `?before=&after=` (ISO 8601) of time-ordered lists. */
class TimeWindowQuery extends ListQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only items created before this time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'before must be an ISO 8601 date-time' })
  before?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only items created after this time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'after must be an ISO 8601 date-time' })
  after?: string;
}

/** Filters of `GET /app/{app}/msg`, as Svix names them. */
export class MessageListQuery extends TimeWindowQuery {
  @ApiPropertyOptional({ description: 'Only messages sent to this channel.' })
  @IsOptional()
  @Matches(UID_PATTERN, { message: 'channel must be a channel name' })
  channel?: string;

  @ApiPropertyOptional({ type: [String], description: 'Only messages of these event types: repeated (`event_types=a&event_types=b`) or comma-separated.' })
  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value : String(value).split(',')))
  @IsArray()
  @Matches(UID_PATTERN, { each: true, message: 'each event_types entry must be an event type name' })
  event_types?: string[];

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true', description: 'With `false` the payloads are left out.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  with_content?: string;
}

export const BACKGROUND_TASK_STATUSES = ['running', 'finished', 'failed'] as const;
export type BackgroundTaskStatus = (typeof BACKGROUND_TASK_STATUSES)[number];

/**
 * Filters of `GET /background-task` (recovers are the only background tasks). Documented on the
 * route (ApiQuery): @nestjs/swagger mixed this `status` up with the attempt lists' own.
 */
export class BackgroundTaskListQuery extends ListQuery {
  @IsOptional()
  @IsIn(BACKGROUND_TASK_STATUSES, { message: 'status must be running, finished or failed' })
  status?: BackgroundTaskStatus;

  @IsOptional()
  @IsString()
  @MaxLength(UID_MAX_LENGTH)
  @Matches(UID_PATTERN, { message: 'task must be a task type such as endpoint.recover' })
  task?: string;
}

/** Filters of the attempt lists. */
export class AttemptListQuery extends TimeWindowQuery {
  @ApiPropertyOptional({ enum: ['0', '1', '2', '3'], enumName: 'MessageStatusFilter', description: '0 success, 1 pending, 2 fail, 3 sending.' })
  @IsOptional()
  @IsIn(['0', '1', '2', '3'], { message: 'status must be 0 (success), 1 (pending), 2 (fail) or 3 (sending)' })
  status?: string;
}

export interface TimeWindow {
  before?: string;
  after?: string;
}

export interface MessageFilters extends TimeWindow {
  channel?: string;
  eventTypes?: string[];
  withContent: boolean;
}

export interface AttemptFilters extends TimeWindow {
  status?: number;
}

export interface BackgroundTaskFilters {
  status?: BackgroundTaskStatus;
  task?: string;
}

export interface ListResponse<T> {
  data: T[];
  iterator: string | null;
  prevIterator: string | null;
  done: boolean;
}
