import { IsBoolean, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { UID_PATTERN } from './patterns';

export class EventTypeIn {
  @IsString()
  @Length(1, 256)
  @Matches(UID_PATTERN, { message: 'name may contain only letters, digits, -, _ and .' })
  name: string;

  @IsString()
  @Length(0, 4096)
  description: string;

  @IsOptional()
  @IsBoolean()
  archived?: boolean;

  @IsOptional()
  @IsBoolean()
  deprecated?: boolean;

  /** JSON Schemas of the payload, by version ("1": {...}). */
  @IsOptional()
  @IsObject()
  schemas?: Record<string, unknown> | null;

  @IsOptional()
  @IsString()
  @Length(1, 256)
  featureFlag?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 256)
  groupName?: string | null;
}

export interface EventTypeOut {
  name: string;
  description: string;
  archived: boolean;
  deprecated: boolean;
  schemas: Record<string, unknown> | null;
  featureFlag: string | null;
  groupName: string | null;
  createdAt: string;
  updatedAt: string;
}
