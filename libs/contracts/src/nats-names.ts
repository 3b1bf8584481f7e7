/** The four JetStream streams of DESIGN section 1. */
export enum StreamKind {
  Registry = 'REGISTRY',
  Messages = 'MESSAGES',
  Deliveries = 'DELIVERIES',
  Attempts = 'ATTEMPTS',
  /** Delivery tasks waiting for their retry time, away from the delivery consumers. */
  Retries = 'RETRIES',
}

export type RegistryAggregate = 'app' | 'endpoint' | 'event-type' | 'api-key' | 'portal-tokens';

/**
 * Every subject and stream name Hookline uses, in one place. The subject root and stream prefix
 * are configurable so that test suites (and several installations on one NATS) never share names.
 */
export class NatsNames {
  constructor(
    readonly subjectRoot = 'hookline',
    readonly streamPrefix = '',
  ) {}

  stream(kind: StreamKind): string {
    return `${this.streamPrefix}${kind}`;
  }

  streamSubjects(kind: StreamKind): string {
    const token = { REGISTRY: 'registry', MESSAGES: 'msg', DELIVERIES: 'delivery', ATTEMPTS: 'attempt', RETRIES: 'retry' }[kind];
    return `${this.subjectRoot}.${token}.>`;
  }

  message(orgId: string, appId: string): string {
    return `${this.subjectRoot}.msg.${orgId}.${appId}`;
  }

  /**
   * Where the registry marks, in MESSAGES, the REGISTRY sequence of each change it made: messages
   * stored after the mark were accepted after the change. Not a message subject (one token).
   */
  registryWatermark(): string {
    return `${this.subjectRoot}.msg.registry-watermark`;
  }

  registry(orgId: string, aggregate: RegistryAggregate, key: string): string {
    return `${this.subjectRoot}.registry.${orgId}.${aggregate}.${key}`;
  }

  delivery(orgId: string, appId: string, endpointId: string): string {
    return `${this.subjectRoot}.delivery.${orgId}.${appId}.${endpointId}`;
  }

  attempt(orgId: string, appId: string, endpointId: string): string {
    return `${this.subjectRoot}.attempt.${orgId}.${appId}.${endpointId}`;
  }

  retry(orgId: string, appId: string, endpointId: string): string {
    return `${this.subjectRoot}.retry.${orgId}.${appId}.${endpointId}`;
  }

  /** Core NATS request/reply subject of one service operation (not stored in any stream). */
  rpc(service: RpcService, operation: string): string {
    return `${this.subjectRoot}.rpc.${service}.${operation}`;
  }

  /** Parses `<root>.msg.<org>.<app>`; undefined when the subject has another shape. */
  parseMessageSubject(subject: string): { orgId: string; appRef: string } | undefined {
    const prefix = `${this.subjectRoot}.msg.`;
    if (!subject.startsWith(prefix)) return undefined;
    const tokens = subject.slice(prefix.length).split('.');
    return tokens.length === 2 ? { orgId: tokens[0], appRef: tokens[1] } : undefined;
  }

  /** Parses a `delivery` or `retry` subject of this root; undefined when the subject has another shape. */
  parseTaskSubject(subject: string): { orgId: string; appId: string; endpointId: string } | undefined {
    const tokens = subject.startsWith(`${this.subjectRoot}.`) ? subject.slice(this.subjectRoot.length + 1).split('.') : [];
    if (tokens.length !== 4 || (tokens[0] !== 'delivery' && tokens[0] !== 'retry')) return undefined;
    return { orgId: tokens[1], appId: tokens[2], endpointId: tokens[3] };
  }
}

export type RpcService = 'registry' | 'attempt-log';

/** Encodes a name that may contain dots (an event type) as one subject token. */
export function subjectToken(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}
