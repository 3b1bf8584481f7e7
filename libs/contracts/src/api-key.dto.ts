import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

/** Hookline extension: an admin API key of an org (Svix keeps these in its dashboard). */
export class ApiKeyIn {
  @IsString()
  @Length(1, 256)
  name: string;

  /** Only the bootstrap admin (HOOKLINE_ADMIN_TOKEN) may ask for the key of a new org. */
  @IsOptional()
  @IsBoolean()
  newOrg?: boolean;
}

export interface ApiKeyOut {
  id: string;
  name: string;
  orgId: string;
  revoked: boolean;
  createdAt: string;
  /** The token itself: returned once, at creation; only its hash is stored. */
  key?: string;
}
