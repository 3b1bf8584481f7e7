import { DeliveryOrdering, PayloadMode, RetryPolicy } from './endpoint.dto';

/** A signing secret sealed with the master key; `expiresAt` is set once a rotation retires it. */
export interface SealedSecret {
  sealed: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface ApplicationState {
  id: string;
  orgId: string;
  uid: string | null;
  name: string;
  rateLimit: number | null;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointState {
  id: string;
  orgId: string;
  appId: string;
  uid: string | null;
  url: string;
  description: string;
  version: number;
  disabled: boolean;
  filterTypes: string[] | null;
  channels: string[] | null;
  rateLimit: number | null;
  metadata: Record<string, string>;
  /** Custom request headers, sealed as one JSON object: they often carry credentials. */
  headersSealed: string | null;
  secrets: SealedSecret[];
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

export interface EventTypeState {
  orgId: string;
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

export interface ApiKeyState {
  id: string;
  orgId: string;
  name: string;
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  tokenHash: string;
  revoked: boolean;
  createdAt: string;
}

/**
 * App-portal tokens of an app (of one session, or all when `sessionId` is null) issued before
 * `issuedBefore` stop working at `effectiveAt` (both epoch milliseconds). An
 * `app.portal_tokens_expired` event carries those of one expire-all; views fold them together.
 */
export interface PortalTokenRevocation {
  sessionId: string | null;
  issuedBefore: number;
  effectiveAt: number;
}

/**
 * The REGISTRY stream's events. Each carries the aggregate's whole new state, so applying one is
 * an upsert or a delete and replay is idempotent.
 */
export type RegistryEvent =
  | { type: 'app.created' | 'app.updated'; app: ApplicationState }
  | { type: 'app.deleted'; orgId: string; appId: string }
  | { type: 'endpoint.created' | 'endpoint.updated' | 'endpoint.secret_rotated'; endpoint: EndpointState }
  | { type: 'endpoint.deleted'; orgId: string; appId: string; endpointId: string }
  | { type: 'event_type.created' | 'event_type.updated'; eventType: EventTypeState }
  | { type: 'event_type.deleted'; orgId: string; name: string }
  | { type: 'api_key.created' | 'api_key.revoked'; apiKey: ApiKeyState }
  | { type: 'app.portal_tokens_expired'; orgId: string; appId: string; revocations: PortalTokenRevocation[] };

const EVENT_TYPES = new Set<RegistryEvent['type']>([
  'app.created',
  'app.updated',
  'app.deleted',
  'endpoint.created',
  'endpoint.updated',
  'endpoint.secret_rotated',
  'endpoint.deleted',
  'event_type.created',
  'event_type.updated',
  'event_type.deleted',
  'api_key.created',
  'api_key.revoked',
  'app.portal_tokens_expired',
]);

const REQUIRED_FIELDS: Record<RegistryEvent['type'], string[]> = {
  'app.created': ['app'],
  'app.updated': ['app'],
  'app.deleted': ['orgId', 'appId'],
  'endpoint.created': ['endpoint'],
  'endpoint.updated': ['endpoint'],
  'endpoint.secret_rotated': ['endpoint'],
  'endpoint.deleted': ['orgId', 'appId', 'endpointId'],
  'event_type.created': ['eventType'],
  'event_type.updated': ['eventType'],
  'event_type.deleted': ['orgId', 'name'],
  'api_key.created': ['apiKey'],
  'api_key.revoked': ['apiKey'],
  'app.portal_tokens_expired': ['orgId', 'appId', 'revocations'],
};

/** Checks the shape of an event read from REGISTRY; throws on anything this version cannot apply. */
export function parseRegistryEvent(json: unknown): RegistryEvent {
  const event = json as Partial<Record<string, unknown>> | null;
  if (!event || typeof event !== 'object' || !EVENT_TYPES.has(event.type as RegistryEvent['type'])) {
    throw new Error(`unknown registry event type: ${String(event?.type)}`);
  }
  for (const field of REQUIRED_FIELDS[event.type as RegistryEvent['type']]) {
    if (event[field] === undefined || event[field] === null) throw new Error(`${String(event.type)} lacks ${field}`);
  }
  return event as RegistryEvent;
}
