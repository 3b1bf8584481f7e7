import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { DATE_TIME } from './api-schema';

/** Hookline extension: an admin API key of an org (Svix keeps these in its dashboard). */
export class ApiKeyIn {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  name: string;

  @ApiPropertyOptional({ description: 'Create a new org and return its first key; only the bootstrap admin (HOOKLINE_ADMIN_TOKEN) may.' })
  @IsOptional()
  @IsBoolean()
  newOrg?: boolean;
}

export class ApiKeyOut {
  @ApiProperty()
  id: string;
  @ApiProperty()
  name: string;
  @ApiProperty()
  orgId: string;
  @ApiProperty()
  revoked: boolean;
  @ApiProperty(DATE_TIME)
  createdAt: string;
  @ApiPropertyOptional({ description: 'The token itself: returned once, at creation; only its hash is stored.' })
  key?: string;
}

export class ListApiKeysOut {
  @ApiProperty({ type: [ApiKeyOut] })
  data: ApiKeyOut[];
}
