import { EndpointOut, EndpointState } from '@hookline/contracts';
import { EndpointEntity } from '@hookline/database';

export function toEndpointOut(endpoint: EndpointState | EndpointEntity): EndpointOut {
  return {
    id: endpoint.id,
    uid: endpoint.uid,
    url: endpoint.url,
    description: endpoint.description,
    version: endpoint.version,
    disabled: endpoint.disabled,
    filterTypes: endpoint.filterTypes,
    channels: endpoint.channels,
    rateLimit: endpoint.rateLimit,
    metadata: endpoint.metadata,
    retryPolicy: endpoint.retryPolicy,
    timeoutMs: endpoint.timeoutMs,
    payloadMode: endpoint.payloadMode,
    maxConcurrency: endpoint.maxConcurrency,
    ordering: endpoint.ordering,
    followRedirects: endpoint.followRedirects,
    tlsVerify: endpoint.tlsVerify,
    createdAt: new Date(endpoint.createdAt).toISOString(),
    updatedAt: new Date(endpoint.updatedAt).toISOString(),
  };
}

export function toEndpointState(entity: EndpointEntity): EndpointState {
  const { streamSeq: _seq, app: _app, ...fields } = entity;
  return { ...fields, createdAt: entity.createdAt.toISOString(), updatedAt: entity.updatedAt.toISOString() };
}
