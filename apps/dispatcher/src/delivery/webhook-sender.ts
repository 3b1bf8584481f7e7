import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'undici';
import { EndpointState } from '@hookline/contracts';
import { EgressBlockedError } from '@hookline/egress';
import { ReceivedDeliveryTask } from '@hookline/messaging';
import { signWebhook } from '@hookline/signing';
import { version } from '../../../../package.json';
import { DispatcherConfig } from '../config/dispatcher.config';
import { EndpointCredentials } from './endpoint-credentials';
import { PostResponse, postOnce } from './http-post';

/** Response bodies are kept up to this size in the attempt log. */
export const MAX_CAPTURED_BODY = 20 * 1024;
/** The delivery agents' pool settings (the bench's raw sender uses them too). */
export const DELIVERY_AGENT_OPTIONS = { keepAliveTimeout: 30_000, connections: 256 } as const;
const MAX_REDIRECTS = 5;
/**
 * Sends of one attempt while each meets a connection the receiver had already closed: several
 * idle connections of a pool often expire together, so one resend can meet another stale one.
 */
const CLOSED_CONNECTION_TRIES = 4;
const USER_AGENT = `Hookline/${version}`;
/** Endpoint URLs kept parsed and checked; past this many the cache starts over. */
const MAX_CHECKED_URLS = 10_000;

export interface SendResult {
  /** 0 when no response arrived. */
  statusCode: number;
  /** Captured response body, or the network error. */
  response: string;
  durationMs: number;
  url: string;
  timedOut: boolean;
  /** The receiver's Retry-After, in milliseconds. */
  retryAfterMs?: number;
}

/**
 * Signs and POSTs one delivery with undici over kept-alive connections. Every connection goes
 * through the egress policy's DNS lookup, and literal addresses and redirect targets are checked
 * before use, so a webhook can never reach a private address the operator did not allow.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly verifyingAgent: Agent;
  private readonly trustingAgent: Agent;
  /** Endpoint URLs already parsed and allowed by the (fixed) egress policy. */
  private readonly checkedUrls = new Map<string, URL>();

  constructor(
    private readonly config: DispatcherConfig,
    private readonly credentials: EndpointCredentials,
  ) {
    const connect = { lookup: config.egress.connectLookup };
    this.verifyingAgent = new Agent({ ...DELIVERY_AGENT_OPTIONS, connect });
    this.trustingAgent = new Agent({ ...DELIVERY_AGENT_OPTIONS, connect: { ...connect, rejectUnauthorized: false } });
  }

  async send(endpoint: EndpointState, task: ReceivedDeliveryTask): Promise<SendResult> {
    const timeoutMs = endpoint.timeoutMs ?? this.config.requestTimeoutMs;
    const agent = endpoint.tlsVerify ? this.verifyingAgent : this.trustingAgent;
    const started = performance.now();
    let url = endpoint.url;
    // Everything that can fail is inside: a failure is an attempt on the record, never a stuck task.
    try {
      const body = endpoint.payloadMode === 'thin' ? thinBody(task) : task.payload;
      const { custom, webhook } = this.requestHeaders(endpoint, task, body);
      // Most endpoints have no headers of their own: no merged copy per request for them.
      const endpointHeaders = Object.keys(custom).length === 0 ? webhook : { ...custom, ...webhook };
      const deadline = started + timeoutMs;
      let target = this.checkedUrl(endpoint.url);
      const origin = target.origin;
      for (let hop = 0; ; hop++) {
        url = target.href;
        if (hop > 0) this.config.egress.checkUrl(target);
        // The endpoint's own headers often carry its credentials: they go to its origin only.
        const headers = target.origin === origin ? endpointHeaders : webhook;
        const response = await postResendingOnClosedConnection(agent, target, headers, body, deadline);
        const location = response.headers.location;
        if (endpoint.followRedirects && isRedirect(response.statusCode) && typeof location === 'string' && hop < MAX_REDIRECTS) {
          target = new URL(location, target);
          continue;
        }
        return {
          statusCode: response.statusCode,
          response: describeBody(response.body),
          durationMs: elapsed(started),
          url,
          timedOut: false,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        };
      }
    } catch (error) {
      const timedOut = isTimeout(error);
      return { statusCode: 0, response: timedOut ? `timeout after ${timeoutMs} ms` : describeNetworkError(error), durationMs: elapsed(started), url, timedOut };
    }
  }

  /** The endpoint's URL, parsed and checked against the egress policy once rather than per delivery. */
  private checkedUrl(href: string): URL {
    let url = this.checkedUrls.get(href);
    if (!url) {
      url = new URL(href);
      this.config.egress.checkUrl(url);
      if (this.checkedUrls.size >= MAX_CHECKED_URLS) this.checkedUrls.clear();
      this.checkedUrls.set(href, url);
    }
    return url;
  }

  /** The endpoint's custom headers, and the signed ones every delivery carries. */
  private requestHeaders(endpoint: EndpointState, task: ReceivedDeliveryTask, body: string | Uint8Array): { custom: Record<string, string>; webhook: Record<string, string> } {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const { keys, headers: custom } = this.credentials.for(endpoint);
    const signature = signWebhook(keys, task.msgId, Number(timestamp), body);
    const webhook = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': task.msgId,
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
      'svix-id': task.msgId,
      'svix-timestamp': timestamp,
      'svix-signature': signature,
    };
    return { custom, webhook };
  }

  /**
   * After every onModuleDestroy: the lanes stop in theirs, sending what they hold meanwhile. Closed
   * there too (NestJS runs a module's hooks at once), the agents had failed the tasks still waiting
   * for a slot ("client is closed"), as attempts on the record.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.verifyingAgent.close(), this.trustingAgent.close()]);
  }
}

function thinBody(task: ReceivedDeliveryTask): string {
  return JSON.stringify({ type: task.eventType, id: task.msgId, timestamp: new Date(task.acceptedAt).toISOString() });
}

/**
 * Redirects that are followed by sending the same POST again. A 303 is not among them: it asks for
 * a GET of another resource, which would not be a delivery, so it ends the attempt as a failure.
 */
function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 307 || status === 308;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The captured body as text; a body that is not UTF-8 is kept as base64. */
function describeBody(bytes: Buffer): string {
  if (bytes.length === 0) return '';
  const text = bytes.toString('utf8');
  // PostgreSQL text cannot hold NUL, so such bodies are kept as base64 too.
  return Buffer.from(text, 'utf8').equals(bytes) && !text.includes('\u0000') ? text : bytes.toString('base64');
}

/** One POST before `deadline` (a `performance.now()` time), sent again while it meets a closed connection (see isClosedConnection). */
async function postResendingOnClosedConnection(agent: Agent, target: URL, headers: Record<string, string>, body: string | Uint8Array, deadline: number): Promise<PostResponse> {
  for (let send = 1; ; send++) {
    try {
      return await postOnce(agent, target, headers, body, Math.max(1, deadline - performance.now()), MAX_CAPTURED_BODY);
    } catch (error) {
      if (!isClosedConnection(error) || send >= CLOSED_CONNECTION_TRIES) throw error;
    }
  }
}

/**
 * The connection broke before a response: most often the receiver closed a kept-alive connection
 * just as it was reused (the idle-timeout race), so the request is sent again at once, on another
 * connection, within the same attempt and timeout (up to CLOSED_CONNECTION_TRIES sends in all).
 * The receiver may have got the first one too (a reset after it read the request); a failed
 * attempt would be retried anyway, so this only makes that duplicate sooner, and receivers dedupe
 * on webhook-id.
 */
function isClosedConnection(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

function isTimeout(error: unknown): boolean {
  const err = error as Error & { code?: string };
  return err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT';
}

function describeNetworkError(error: unknown): string {
  if (error instanceof EgressBlockedError) return `egress blocked: ${error.message}`;
  const err = error as Error & { code?: string; cause?: Error & { code?: string } };
  if (err.cause instanceof EgressBlockedError) return `egress blocked: ${err.cause.message}`;
  const code = err.cause?.code ?? err.code;
  return code ? `${code}: ${err.cause?.message ?? err.message}` : err.message;
}
