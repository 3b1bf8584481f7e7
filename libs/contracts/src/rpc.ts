import { ErrorBody } from './errors';
import { DEFAULT_LIST_LIMIT } from './list.dto';

/** What every request to a service carries: the caller's org, resolved by the gateway's auth. */
export interface OrgScoped {
  orgId: string;
}

/** Reply of a PUT that creates what it names when it does not exist yet (as Svix): 201 or 200. */
export interface Upserted<T> {
  created: boolean;
  value: T;
}

/**
 * Reply of the internal DisableEndpoint: whether this call disabled the endpoint, and the REGISTRY
 * sequence of the event that did (the endpoint's last one when it was disabled already). The
 * sequence names one disabling across retries of the same decision, and a later one apart.
 */
export interface EndpointDisabled {
  changed: boolean;
  registrySeq: number;
  /** When the change at `registrySeq` was made (ISO 8601). */
  changedAt: string;
}

export type RpcReply<T> = { ok: true; data: T } | { ok: false; status: number; error: ErrorBody };

/** Operation names of the endpoint-registry service (`<root>.rpc.registry.<op>`). */
export const RegistryOp = {
  CreateApp: 'app.create',
  GetApp: 'app.get',
  ListApps: 'app.list',
  UpdateApp: 'app.update',
  DeleteApp: 'app.delete',
  CreateEndpoint: 'endpoint.create',
  GetEndpoint: 'endpoint.get',
  ListEndpoints: 'endpoint.list',
  UpdateEndpoint: 'endpoint.update',
  DeleteEndpoint: 'endpoint.delete',
  PatchApp: 'app.patch',
  PatchEndpoint: 'endpoint.patch',
  GetEndpointSecret: 'endpoint.secret.get',
  RotateEndpointSecret: 'endpoint.secret.rotate',
  GetEndpointHeaders: 'endpoint.headers.get',
  UpdateEndpointHeaders: 'endpoint.headers.update',
  PatchEndpointHeaders: 'endpoint.headers.patch',
  CreateEventType: 'event-type.create',
  GetEventType: 'event-type.get',
  ListEventTypes: 'event-type.list',
  UpdateEventType: 'event-type.update',
  PatchEventType: 'event-type.patch',
  DeleteEventType: 'event-type.delete',
  CreateApiKey: 'api-key.create',
  ListApiKeys: 'api-key.list',
  RevokeApiKey: 'api-key.revoke',
  ExpirePortalTokens: 'app.portal-tokens.expire',
  /** Internal: the attempt log disables endpoints that answer 410 or keep failing. */
  DisableEndpoint: 'endpoint.disable',
} as const;

/** Operation names of the attempt-log service (`<root>.rpc.attempt-log.<op>`). */
export const AttemptLogOp = {
  GetMessage: 'msg.get',
  ListMessages: 'msg.list',
  ListAttemptsByEndpoint: 'attempt.by-endpoint',
  ListAttemptsByMessage: 'attempt.by-msg',
  ListRejected: 'msg.rejected',
  Resend: 'msg.resend',
  EventIdTaken: 'msg.event-id.taken',
  DeleteContent: 'msg.content.delete',
  GetAttempt: 'attempt.get',
  EndpointStats: 'endpoint.stats',
  MessageDestinations: 'msg.endpoints',
  EndpointMessages: 'endpoint.msgs',
  Recover: 'endpoint.recover',
  GetBackgroundTask: 'background-task.get',
  ListBackgroundTasks: 'background-task.list',
  /** The gateway's `idempotency-key` store (in the log's PostgreSQL, as DESIGN §1 has it). */
  ClaimIdempotencyKeys: 'idempotency.claim',
  CompleteIdempotencyKeys: 'idempotency.complete',
  ReleaseIdempotencyKey: 'idempotency.release',
} as const;

export interface AppRequest extends OrgScoped {
  /** An app id or uid. */
  app: string;
}

export interface EndpointRequest extends AppRequest {
  /** An endpoint id or uid. */
  endpoint: string;
}

export interface ListParams {
  limit: number;
  iterator: string | null;
}

/** The list parameters of a request, with Svix's default page size. */
export function listParamsOf(request: { list?: Partial<ListParams> }): ListParams {
  return { limit: request.list?.limit ?? DEFAULT_LIST_LIMIT, iterator: request.list?.iterator ?? null };
}
