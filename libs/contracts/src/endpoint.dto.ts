import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsHeaderRecord, IsStringRecord } from './validation';
import { SECRET_PATTERN, SECRET_PATTERN_MESSAGE, UID_MAX_LENGTH, UID_PATTERN } from './patterns';

/** Hookline extension: per-endpoint retry schedule (seconds between attempts) and attempt cap. */
export class RetryPolicy {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Min(0, { each: true })
  @Max(7 * 24 * 3600, { each: true })
  schedule?: number[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(51)
  maxAttempts?: number;
}

export type PayloadMode = 'full' | 'thin';
export type DeliveryOrdering = 'none' | 'fifo';
/** `hmac`: `whsec_` secrets, `v1` signatures; `ed25519`: `whsk_` secret keys, `v1a` signatures. */
export type SigningKeyType = 'hmac' | 'ed25519';

export class EndpointIn {
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true },
    { message: 'url must be an http or https URL' },
  )
  @Length(1, 65536)
  url: string;

  @IsOptional()
  @IsString()
  @Length(0, 4096)
  description?: string;

  @IsOptional()
  @IsString()
  @Length(1, UID_MAX_LENGTH)
  @Matches(UID_PATTERN, { message: 'uid may contain only letters, digits, -, _ and .' })
  uid?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @Matches(UID_PATTERN, { each: true, message: 'each filterTypes entry must be an event type name' })
  filterTypes?: string[] | null;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(UID_PATTERN, { each: true, message: 'each channels entry must be a channel name' })
  channels?: string[] | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  rateLimit?: number | null;

  @IsOptional()
  @IsString()
  @Matches(SECRET_PATTERN, { message: `secret ${SECRET_PATTERN_MESSAGE}` })
  secret?: string | null;

  /** Hookline extension: the type of key generated when no `secret` is given (a given one must be of this type). */
  @IsOptional()
  @IsIn(['hmac', 'ed25519'])
  keyType?: SigningKeyType;

  @IsOptional()
  @IsStringRecord()
  metadata?: Record<string, string>;

  @IsOptional()
  @IsHeaderRecord()
  headers?: Record<string, string>;

  @IsOptional()
  @ValidateNested()
  @Type(() => RetryPolicy)
  retryPolicy?: RetryPolicy | null;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(300_000)
  timeoutMs?: number | null;

  @IsOptional()
  @IsIn(['full', 'thin'])
  payloadMode?: PayloadMode;

  /** Requests in flight to this endpoint at once, across all dispatchers. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxConcurrency?: number | null;

  /** `fifo`: the next message is sent only after the previous one succeeded or was exhausted. */
  @IsOptional()
  @IsIn(['none', 'fifo'])
  ordering?: DeliveryOrdering;

  /** Follow 3xx redirects (to public addresses only); off by default, so a 3xx is a failure. */
  @IsOptional()
  @IsBoolean()
  followRedirects?: boolean;

  /** Verify the receiver's TLS certificate; on by default. */
  @IsOptional()
  @IsBoolean()
  tlsVerify?: boolean;
}

export interface EndpointOut {
  id: string;
  uid: string | null;
  url: string;
  description: string;
  version: number;
  disabled: boolean;
  filterTypes: string[] | null;
  channels: string[] | null;
  rateLimit: number | null;
  metadata: Record<string, string>;
  retryPolicy: RetryPolicy | null;
  timeoutMs: number | null;
  payloadMode: PayloadMode;
  maxConcurrency: number | null;
  ordering: DeliveryOrdering;
  followRedirects: boolean;
  tlsVerify: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a receiver verifies with: the `whsec_` secret, or for ed25519 the `whpk_` public key. */
export interface EndpointSecretOut {
  key: string;
}

/** Body of `PUT .../headers`; in a PATCH body a null value removes the header. */
export class EndpointHeadersIn {
  @IsHeaderRecord()
  headers: Record<string, string>;
}

export interface EndpointHeadersOut {
  /** Headers whose values may be shown. */
  headers: Record<string, string>;
  /** Names of headers whose values are kept secret (credentials). */
  sensitive: string[];
}

export class EndpointSecretRotateIn {
  @IsOptional()
  @IsString()
  @Matches(SECRET_PATTERN, { message: `key ${SECRET_PATTERN_MESSAGE}` })
  key?: string | null;

  /** Hookline extension: the type of key generated when no `key` is given (a given one must be of this type). */
  @IsOptional()
  @IsIn(['hmac', 'ed25519'])
  keyType?: SigningKeyType;
}
