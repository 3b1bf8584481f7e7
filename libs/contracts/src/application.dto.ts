import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DATE_TIME, STRING_MAP } from './api-schema';
import { IsStringRecord } from './validation';
import { SESSION_ID_PATTERN, UID_MAX_LENGTH, UID_PATTERN } from './patterns';

export class ApplicationIn {
  @ApiProperty({ example: 'Billing service' })
  @IsString()
  @Length(1, 256)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'customer-42', description: 'Your own id for the application; usable wherever the id is.' })
  @IsOptional()
  @IsString()
  @Length(1, UID_MAX_LENGTH)
  @Matches(UID_PATTERN, { message: 'uid may contain only letters, digits, -, _ and .' })
  uid?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  rateLimit?: number | null;

  @ApiPropertyOptional(STRING_MAP)
  @IsOptional()
  @IsStringRecord()
  metadata?: Record<string, string>;
}

/** Body of `PATCH /app/{app}`: the fields present replace the current ones. */
export class ApplicationPatch extends PartialType(ApplicationIn) {}

export class ApplicationOut {
  @ApiProperty({ example: 'app_032Ag4WoTfP2ETycRF4vAp' })
  id: string;
  @ApiProperty({ type: String, nullable: true })
  uid: string | null;
  @ApiProperty()
  name: string;
  @ApiProperty({ type: 'integer', nullable: true })
  rateLimit: number | null;
  @ApiProperty(STRING_MAP)
  metadata: Record<string, string>;
  @ApiProperty(DATE_TIME)
  createdAt: string;
  @ApiProperty(DATE_TIME)
  updatedAt: string;
}

/** The longest an app-portal token lives, and its lifetime when none is asked for. */
export const PORTAL_TOKEN_MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

/** Body of `POST /auth/app-portal-access/{app}`. */
export class AppPortalAccessIn {
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Seconds the token is valid (default and maximum 7 days).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PORTAL_TOKEN_MAX_LIFETIME_SECONDS)
  expiry?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  readOnly?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Tags the token, so that `expire-all` with `sessionIds` can expire just the tokens of that session.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(SESSION_ID_PATTERN, { message: 'sessionId may contain only letters, digits, @, _ and -' })
  sessionId?: string | null;
}

/** Body of `POST /auth/app/{app}/expire-all`. */
export class ApplicationTokenExpireIn {
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Seconds the tokens keep working (default 0: at once; at most 3 days).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3 * 24 * 3600)
  expiry?: number | null;

  @ApiPropertyOptional({ type: [String], description: 'When given, only the tokens issued with one of these session ids are expired.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(SESSION_ID_PATTERN, { each: true, message: 'each sessionIds entry may contain only letters, digits, @, _ and -' })
  sessionIds?: string[];
}

export class AppPortalAccessOut {
  @ApiProperty({ description: "Opens Hookline's app portal for this application." })
  url: string;
  @ApiProperty()
  token: string;
}
