import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DATE_TIME, JSON_OBJECT } from './api-schema';
import { UID_PATTERN } from './patterns';

const SCHEMAS = { ...JSON_OBJECT, nullable: true, description: 'JSON Schemas of the payload, by version ("1": {...}).' };

export class EventTypeIn {
  @ApiProperty({ example: 'invoice.paid' })
  @IsString()
  @Length(1, 256)
  @Matches(UID_PATTERN, { message: 'name may contain only letters, digits, -, _ and .' })
  name: string;

  @ApiProperty()
  @IsString()
  @Length(0, 4096)
  description: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  deprecated?: boolean;

  @ApiPropertyOptional(SCHEMAS)
  @IsOptional()
  @IsObject()
  schemas?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  featureFlag?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  groupName?: string | null;
}

/** Body of `PUT /event-type/{name}`, which creates the event type when it does not exist. */
export class EventTypeUpdate extends OmitType(EventTypeIn, ['name'] as const) {}

/** Body of `PATCH /event-type/{name}`: the fields present replace the current ones. */
export class EventTypePatch extends PartialType(EventTypeUpdate) {}

export class EventTypeOut {
  @ApiProperty()
  name: string;
  @ApiProperty()
  description: string;
  @ApiProperty()
  archived: boolean;
  @ApiProperty()
  deprecated: boolean;
  @ApiProperty(SCHEMAS)
  schemas: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true })
  featureFlag: string | null;
  @ApiProperty({ type: String, nullable: true })
  groupName: string | null;
  @ApiProperty(DATE_TIME)
  createdAt: string;
  @ApiProperty(DATE_TIME)
  updatedAt: string;
}
