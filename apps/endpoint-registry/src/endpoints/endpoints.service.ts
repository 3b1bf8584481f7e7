import { Injectable } from '@nestjs/common';
import {
  EndpointDisabled,
  EndpointHeadersIn,
  EndpointHeadersOut,
  EndpointIn,
  EndpointOut,
  EndpointSecretRotateIn,
  EndpointSecretOut,
  EndpointState,
  HooklineError,
  SigningKeyType,
  ListParams,
  ListResponse,
  Upserted,
  isChoosableUid,
  newId,
  validateInput,
} from '@hookline/contracts';
import { EndpointEntity, KeysetPage } from '@hookline/database';
import { EgressBlockedError } from '@hookline/egress';
import { SecretBox, generateSecret, isValidEd25519Secret, normalizeWebhookSecret, webhookKeyType, webhookVerificationKey } from '@hookline/signing';
import { RegistryConfig } from '../config/registry.config';
import { EventTypesRepository } from '../event-types/event-types.repository';
import { ApplicationsService } from '../applications/applications.service';
import { createOrUpdate } from '../events/create-or-update';
import { RegistryEventStore } from '../events/registry-event-store';
import { UidLock } from '../events/uid-lock';
import { EndpointsRepository } from './endpoints.repository';
import { toEndpointOut, toEndpointState } from './endpoint.mapper';

/** How long a rotated-out secret keeps signing, as Svix. */
const SECRET_GRACE_MS = 24 * 3600 * 1000;
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie)$|(secret|token|key|password|auth)/i;

/** The given secret (checked against `keyType`), or a new one of that type; an HMAC secret gets its `whsec_` prefix. */
function signingSecret(given: string | null | undefined, keyType: SigningKeyType | undefined, field: string): string {
  if (!given) return generateSecret(keyType ?? 'hmac');
  const secret = normalizeWebhookSecret(given);
  const type = webhookKeyType(secret);
  const invalid = (msg: string) => HooklineError.validation([{ loc: ['body', field], msg, type: 'value_error' }]);
  if (keyType && keyType !== type) throw invalid(`${field} is an ${type} key but keyType is ${keyType}`);
  if (type === 'ed25519' && !isValidEd25519Secret(secret)) throw invalid(`${field} is not a valid ed25519 secret key`);
  return secret;
}

/** Headers whose values are credentials: never shown back through the API. */
function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

@Injectable()
export class EndpointsService {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly endpoints: EndpointsRepository,
    private readonly events: RegistryEventStore,
    private readonly uidLock: UidLock,
    private readonly secretBox: SecretBox,
    private readonly config: RegistryConfig,
    private readonly eventTypes: EventTypesRepository,
  ) {}

  async create(orgId: string, appRef: string, body: unknown): Promise<EndpointOut> {
    const input = validateInput(EndpointIn, body);
    await this.checkEgress(input.url);
    await this.checkEventTypes(orgId, input.filterTypes);
    const app = await this.applications.require(orgId, appRef);
    return this.uidLock.run(`endpoint:${app.id}`, input.uid, async () => {
      if (input.uid && (await this.endpoints.findByUid(app.id, input.uid))) {
        throw HooklineError.conflict(`an endpoint with uid ${input.uid} already exists`);
      }
      const now = new Date().toISOString();
      const secret = signingSecret(input.secret, input.keyType, 'secret');
      const endpoint: EndpointState = {
        id: newId('ep'),
        orgId,
        appId: app.id,
        ...this.attributes(input),
        headersSealed: this.sealHeaders(input.headers),
        secrets: [{ sealed: this.secretBox.seal(secret), createdAt: now, expiresAt: null }],
        createdAt: now,
        updatedAt: now,
      };
      await this.events.append(orgId, 'endpoint', endpoint.id, { type: 'endpoint.created', endpoint }, 0);
      return toEndpointOut(endpoint);
    });
  }

  async get(orgId: string, appRef: string, ref: string): Promise<EndpointOut> {
    return toEndpointOut(await this.require(orgId, appRef, ref));
  }

  async list(orgId: string, appRef: string, params: ListParams): Promise<ListResponse<EndpointOut>> {
    const app = await this.applications.require(orgId, appRef);
    const page = new KeysetPage(params, 'ASC');
    return page.toResponse(await this.endpoints.list(app.id, page), (endpoint) => endpoint.id, toEndpointOut);
  }

  /**
   * PUT, as Svix: replaces the endpoint's attributes (its secrets stay), or creates the endpoint
   * when `ref` names none of the app's, with the body's uid or else `ref`; an unknown `ep_…` id is a 404.
   */
  async upsert(orgId: string, appRef: string, ref: string, body: unknown): Promise<Upserted<EndpointOut>> {
    const input = validateInput(EndpointIn, body);
    const app = await this.applications.require(orgId, appRef);
    return createOrUpdate(
      async () => (await this.endpoints.findByRef(app.id, ref)) !== null,
      () => {
        if (!input.uid && !isChoosableUid('ep', ref)) throw HooklineError.notFound('Endpoint');
        return this.create(orgId, app.id, { ...(body as object), uid: input.uid ?? ref });
      },
      () => this.update(orgId, app.id, ref, body),
    );
  }

  /** Replaces the endpoint's attributes; its secrets stay. */
  async update(orgId: string, appRef: string, ref: string, body: unknown): Promise<EndpointOut> {
    const input = validateInput(EndpointIn, body);
    await this.checkEgress(input.url);
    await this.checkEventTypes(orgId, input.filterTypes);
    const current = await this.require(orgId, appRef, ref);
    return this.uidLock.run(`endpoint:${current.appId}`, input.uid, async () => {
      const holder = input.uid ? await this.endpoints.findByUid(current.appId, input.uid) : null;
      if (holder && holder.id !== current.id) throw HooklineError.conflict(`an endpoint with uid ${input.uid} already exists`);
      const endpoint: EndpointState = {
        ...toEndpointState(current),
        ...this.attributes(input),
        headersSealed: input.headers === undefined ? current.headersSealed : this.sealHeaders(input.headers),
        updatedAt: new Date().toISOString(),
      };
      await this.events.append(orgId, 'endpoint', endpoint.id, { type: 'endpoint.updated', endpoint }, current.streamSeq);
      return toEndpointOut(endpoint);
    });
  }

  /** PATCH: the fields present in the body replace the current ones (null clears); the rest stay. */
  async patch(orgId: string, appRef: string, ref: string, body: unknown): Promise<EndpointOut> {
    const current = toEndpointOut(await this.require(orgId, appRef, ref));
    const { id: _id, createdAt: _created, updatedAt: _updated, ...attributes } = current;
    return this.update(orgId, appRef, ref, { ...attributes, ...(body as object) });
  }

  async delete(orgId: string, appRef: string, ref: string): Promise<void> {
    const current = await this.require(orgId, appRef, ref);
    const event = { type: 'endpoint.deleted' as const, orgId, appId: current.appId, endpointId: current.id };
    await this.events.append(orgId, 'endpoint', current.id, event, current.streamSeq);
  }

  /** Disables the endpoint (the attempt log's auto-disable); says whether this call did, and the REGISTRY sequence and time of the disabling. */
  async disable(orgId: string, appRef: string, ref: string): Promise<EndpointDisabled> {
    const current = await this.require(orgId, appRef, ref);
    if (current.disabled) return { changed: false, registrySeq: current.streamSeq, changedAt: current.updatedAt.toISOString() };
    const endpoint: EndpointState = { ...toEndpointState(current), disabled: true, updatedAt: new Date().toISOString() };
    const registrySeq = await this.events.append(orgId, 'endpoint', endpoint.id, { type: 'endpoint.updated', endpoint }, current.streamSeq);
    return { changed: true, registrySeq, changedAt: endpoint.updatedAt };
  }

  /** A new signing secret (of either type); the previous one keeps signing (a second signature) for 24 hours. */
  async rotateSecret(orgId: string, appRef: string, ref: string, body: unknown): Promise<void> {
    const input = validateInput(EndpointSecretRotateIn, body ?? {});
    const current = await this.require(orgId, appRef, ref);
    const now = new Date();
    const retiresAt = new Date(now.getTime() + SECRET_GRACE_MS).toISOString();
    const secrets = [
      ...current.secrets
        .filter((secret) => !secret.expiresAt || Date.parse(secret.expiresAt) > now.getTime())
        .map((secret) => ({ ...secret, expiresAt: secret.expiresAt ?? retiresAt })),
      { sealed: this.secretBox.seal(signingSecret(input.key, input.keyType, 'key')), createdAt: now.toISOString(), expiresAt: null },
    ];
    const endpoint: EndpointState = { ...toEndpointState(current), secrets, updatedAt: now.toISOString() };
    await this.events.append(orgId, 'endpoint', endpoint.id, { type: 'endpoint.secret_rotated', endpoint }, current.streamSeq);
  }

  async getHeaders(orgId: string, appRef: string, ref: string): Promise<EndpointHeadersOut> {
    const headers = this.openHeaders(await this.require(orgId, appRef, ref));
    const sensitive = Object.keys(headers).filter(isSensitiveHeader);
    return { headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !isSensitiveHeader(name))), sensitive };
  }

  /** PUT replaces all custom headers; PATCH merges, a null value removing that header. */
  async setHeaders(orgId: string, appRef: string, ref: string, body: unknown, merge: boolean): Promise<void> {
    const current = await this.require(orgId, appRef, ref);
    const raw = (body as { headers?: Record<string, string | null> } | null)?.headers;
    const patch = merge && raw && typeof raw === 'object' ? raw : undefined;
    const next = patch
      ? Object.fromEntries(Object.entries({ ...this.openHeaders(current), ...patch }).filter((entry): entry is [string, string] => entry[1] !== null))
      : validateInput(EndpointHeadersIn, body).headers;
    if (patch) validateInput(EndpointHeadersIn, { headers: next });
    const endpoint: EndpointState = { ...toEndpointState(current), headersSealed: this.sealHeaders(next), updatedAt: new Date().toISOString() };
    await this.events.append(orgId, 'endpoint', endpoint.id, { type: 'endpoint.updated', endpoint }, current.streamSeq);
  }

  async getSecret(orgId: string, appRef: string, ref: string): Promise<EndpointSecretOut> {
    const endpoint = await this.require(orgId, appRef, ref);
    const active = endpoint.secrets.find((secret) => secret.expiresAt === null)!;
    return { key: webhookVerificationKey(this.secretBox.open(active.sealed)) };
  }

  private async require(orgId: string, appRef: string, ref: string): Promise<EndpointEntity> {
    const app = await this.applications.require(orgId, appRef);
    const endpoint = await this.endpoints.findByRef(app.id, ref);
    if (!endpoint) throw HooklineError.notFound('Endpoint');
    return endpoint;
  }

  /** Refuses URLs that are, or resolve to, addresses deliveries may not reach. A name that does not resolve yet is accepted. */
  private async checkEgress(url: string): Promise<void> {
    try {
      await this.config.egress.checkResolved(new URL(url));
    } catch (error) {
      if (error instanceof EgressBlockedError) throw HooklineError.validation([{ loc: ['body', 'url'], msg: error.message, type: 'value_error.egress' }]);
    }
  }

  /** As Svix: an endpoint may filter only for event types the org has declared. */
  private async checkEventTypes(orgId: string, filterTypes: string[] | null | undefined): Promise<void> {
    const missing = filterTypes?.length ? await this.eventTypes.missing(orgId, filterTypes) : [];
    if (missing.length > 0) {
      throw HooklineError.validation([{ loc: ['body', 'filterTypes'], msg: `The following event types don't exist: ${missing.join(', ')}`, type: 'value_error' }]);
    }
  }

  private openHeaders(endpoint: EndpointEntity): Record<string, string> {
    return endpoint.headersSealed ? JSON.parse(this.secretBox.open(endpoint.headersSealed)) : {};
  }

  private sealHeaders(headers: Record<string, string> | undefined): string | null {
    return headers && Object.keys(headers).length > 0 ? this.secretBox.seal(JSON.stringify(headers)) : null;
  }

  /** The attributes an EndpointIn sets, with Svix's defaults. */
  private attributes(input: EndpointIn) {
    return {
      uid: input.uid ?? null,
      url: input.url,
      description: input.description ?? '',
      version: input.version ?? 1,
      disabled: input.disabled ?? false,
      filterTypes: input.filterTypes ?? null,
      channels: input.channels ?? null,
      rateLimit: input.rateLimit ?? null,
      metadata: input.metadata ?? {},
      retryPolicy: input.retryPolicy ? { ...input.retryPolicy } : null,
      timeoutMs: input.timeoutMs ?? null,
      payloadMode: input.payloadMode ?? 'full',
      maxConcurrency: input.maxConcurrency ?? null,
      ordering: input.ordering ?? 'none',
      followRedirects: input.followRedirects ?? false,
      tlsVerify: input.tlsVerify ?? true,
    };
  }
}
