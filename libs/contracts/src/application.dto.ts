import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsStringRecord } from './validation';
import { UID_MAX_LENGTH, UID_PATTERN } from './patterns';

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
}

export interface AppPortalAccessOut {
  url: string;
  token: string;
}
