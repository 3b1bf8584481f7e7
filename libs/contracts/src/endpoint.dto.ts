import { ApiProperty, ApiPropertyOptional, ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
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
import { DATE_TIME, NAMES, STRING_MAP } from './api-schema';
import { IsHeaderRecord, IsStringRecord } from './validation';
import { SECRET_PATTERN, SECRET_PATTERN_MESSAGE, UID_MAX_LENGTH, UID_PATTERN } from './patterns';

/** Hookline extension: per-endpoint retry schedule (seconds between attempts) and attempt cap. */
export class RetryPolicy {
  @ApiPropertyOptional({ type: [Number], description: 'Seconds to wait before each retry.', example: [5, 300, 1800] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Min(0, { each: true })
  @Max(7 * 24 * 3600, { each: true })
  schedule?: number[];

  @ApiPropertyOptional({ type: 'integer', description: 'Attempts in all, the first one included.' })
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
  @ApiProperty({ example: 'https://example.com/webhook/' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true },
    { message: 'url must be an http or https URL' },
  )
  @Length(1, 65536)
  url: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  @Length(0, 4096)
  description?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'billing-primary', description: 'Your own id for the endpoint; usable wherever the id is.' })
  @IsOptional()
  @IsString()
  @Length(1, UID_MAX_LENGTH)
  @Matches(UID_PATTERN, { message: 'uid may contain only letters, digits, -, _ and .' })
  uid?: string | null;

  @ApiPropertyOptional({ type: 'integer', default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ ...NAMES, example: ['invoice.paid'], description: 'Event types this endpoint receives; all when absent.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @Matches(UID_PATTERN, { each: true, message: 'each filterTypes entry must be an event type name' })
  filterTypes?: string[] | null;

  @ApiPropertyOptional({ ...NAMES, example: ['eu'], description: 'Only messages sent to one of these channels; all when absent.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(UID_PATTERN, { each: true, message: 'each channels entry must be a channel name' })
  channels?: string[] | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Requests per second at most (throttle).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  rateLimit?: number | null;

  // No example: "Try it out" in /docs would create endpoints with a publicly known secret.
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Signing secret (`whsec_…`, or `whsk_…` for ed25519); generated when absent.' })
  @IsOptional()
  @IsString()
  @Matches(SECRET_PATTERN, { message: `secret ${SECRET_PATTERN_MESSAGE}` })
  secret?: string | null;

  @ApiPropertyOptional({ enum: ['hmac', 'ed25519'], default: 'hmac', description: 'Hookline extension: the type of key generated when no `secret` is given (a given one must be of this type).' })
  @IsOptional()
  @IsIn(['hmac', 'ed25519'])
  keyType?: SigningKeyType;

  @ApiPropertyOptional({ ...STRING_MAP, example: { team: 'billing' } })
  @IsOptional()
  @IsStringRecord()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ ...STRING_MAP, example: { 'X-Team': 'billing' }, description: 'Custom headers sent with every request, e.g. basic auth.' })
  @IsOptional()
  @IsHeaderRecord()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ type: () => RetryPolicy, nullable: true, description: 'Hookline extension; the default schedule when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetryPolicy)
  retryPolicy?: RetryPolicy | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Hookline extension: request timeout; 15000 when absent.' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(300_000)
  timeoutMs?: number | null;

  @ApiPropertyOptional({ enum: ['full', 'thin'], default: 'full', description: 'Hookline extension: `thin` sends `{type, id, timestamp}` without the payload.' })
  @IsOptional()
  @IsIn(['full', 'thin'])
  payloadMode?: PayloadMode;

  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Hookline extension: requests in flight to this endpoint at once, across all dispatchers.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxConcurrency?: number | null;

  @ApiPropertyOptional({ enum: ['none', 'fifo'], default: 'none', description: 'Hookline extension: with `fifo` the next message is sent only after the previous one succeeded or was exhausted.' })
  @IsOptional()
  @IsIn(['none', 'fifo'])
  ordering?: DeliveryOrdering;

  @ApiPropertyOptional({ default: false, description: 'Hookline extension: follow 301, 302, 307 and 308 redirects with the same POST (to public addresses only); otherwise, and always for a 303, a 3xx is a failure.' })
  @IsOptional()
  @IsBoolean()
  followRedirects?: boolean;

  @ApiPropertyOptional({ default: true, description: "Hookline extension: verify the receiver's TLS certificate." })
  @IsOptional()
  @IsBoolean()
  tlsVerify?: boolean;
}

/** Body of `PUT /app/{app}/endpoint/{ep}`: as EndpointIn; the secret changes only by rotation. */
export class EndpointUpdate extends OmitType(EndpointIn, ['secret'] as const) {}

/** Body of `PATCH /app/{app}/endpoint/{ep}`: the fields present replace the current ones, null clears. */
export class EndpointPatch extends PartialType(EndpointUpdate) {}

export class EndpointOut {
  @ApiProperty({ example: 'ep_032Ag4WoUeYpoIuBBJP4la' })
  id: string;
  @ApiProperty({ type: String, nullable: true })
  uid: string | null;
  @ApiProperty()
  url: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ type: 'integer' })
  version: number;
  @ApiProperty()
  disabled: boolean;
  @ApiProperty(NAMES)
  filterTypes: string[] | null;
  @ApiProperty(NAMES)
  channels: string[] | null;
  @ApiProperty({ type: 'integer', nullable: true })
  rateLimit: number | null;
  @ApiProperty(STRING_MAP)
  metadata: Record<string, string>;
  @ApiProperty({ type: () => RetryPolicy, nullable: true })
  retryPolicy: RetryPolicy | null;
  @ApiProperty({ type: 'integer', nullable: true })
  timeoutMs: number | null;
  @ApiProperty({ enum: ['full', 'thin'] })
  payloadMode: PayloadMode;
  @ApiProperty({ type: 'integer', nullable: true })
  maxConcurrency: number | null;
  @ApiProperty({ enum: ['none', 'fifo'] })
  ordering: DeliveryOrdering;
  @ApiProperty()
  followRedirects: boolean;
  @ApiProperty()
  tlsVerify: boolean;
  @ApiProperty(DATE_TIME)
  createdAt: string;
  @ApiProperty(DATE_TIME)
  updatedAt: string;
}

/** What a receiver verifies with: the `whsec_` secret, or for ed25519 the `whpk_` public key. */
export class EndpointSecretOut {
  @ApiProperty({ example: 'whsec_Xno0Nmm92mT1h7wtpo4ApYyfh84fAI22', description: 'The `whsec_` secret, or for ed25519 endpoints the `whpk_` public key.' })
  key: string;
}

/** Body of `PUT .../headers`. */
export class EndpointHeadersIn {
  @ApiProperty({ ...STRING_MAP, example: { 'X-Example': '123' } })
  @IsHeaderRecord()
  headers: Record<string, string>;
}

/** Body of `PATCH .../headers`: the headers given are set, those set to null removed, the rest stay. */
@ApiSchema({ name: 'EndpointHeadersPatchIn' })
export class EndpointHeadersPatch {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true } })
  headers: Record<string, string | null>;
}

export class EndpointHeadersOut {
  @ApiProperty({ ...STRING_MAP, description: 'Headers whose values may be shown.' })
  headers: Record<string, string>;
  @ApiProperty({ type: [String], description: 'Names of headers whose values are kept secret (credentials).' })
  sensitive: string[];
}

export class EndpointSecretRotateIn {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The new secret; generated when absent.' })
  @IsOptional()
  @IsString()
  @Matches(SECRET_PATTERN, { message: `key ${SECRET_PATTERN_MESSAGE}` })
  key?: string | null;

  @ApiPropertyOptional({ enum: ['hmac', 'ed25519'], default: 'hmac', description: 'Hookline extension: the type of key generated when no `key` is given (a given one must be of this type).' })
  @IsOptional()
  @IsIn(['hmac', 'ed25519'])
  keyType?: SigningKeyType;
}
