import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsStringRecord } from './validation';
import { SESSION_ID_PATTERN, UID_MAX_LENGTH, UID_PATTERN } from './patterns';

export class ApplicationIn {
  @IsString()
  @Length(1, 256)
  name: string;

  @IsOptional()
  @IsString()
  @Length(1, UID_MAX_LENGTH)
  @Matches(UID_PATTERN, { message: 'uid may contain only letters, digits, -, _ and .' })
  uid?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  rateLimit?: number | null;

  @IsOptional()
  @IsStringRecord()
  metadata?: Record<string, string>;
}

export interface ApplicationOut {
  id: string;
  uid: string | null;
  name: string;
  rateLimit: number | null;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/** Body of `POST /auth/app-portal-access/{app}`. */
export class AppPortalAccessIn {
  /** Seconds the token is valid (default and maximum 7 days). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  expiry?: number | null;

  @IsOptional()
  @IsBoolean()
  readOnly?: boolean;

  /** Tags the token, so that `expire-all` with `sessionIds` can expire just the tokens of that session. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(SESSION_ID_PATTERN, { message: 'sessionId may contain only letters, digits, @, _ and -' })
  sessionId?: string | null;
}

/** Body of `POST /auth/app/{app}/expire-all`. */
export class ApplicationTokenExpireIn {
  /** Seconds the tokens keep working (default 0: at once; at most 3 days). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3 * 24 * 3600)
  expiry?: number | null;

  /** When given, only the tokens issued with one of these session ids are expired. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(SESSION_ID_PATTERN, { each: true, message: 'each sessionIds entry may contain only letters, digits, @, _ and -' })
  sessionIds?: string[];
}

export interface AppPortalAccessOut {
  url: string;
  token: string;
}
