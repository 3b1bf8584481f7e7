import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Agent, request } from 'undici';
import { DeliveryTask, EndpointState } from '@hookline/contracts';
import { signWebhook } from '@hookline/signing';
import { version } from '../../../../package.json';
import { DispatcherConfig } from '../config/dispatcher.config';
import { EndpointCredentials } from './endpoint-credentials';

/** Response bodies are kept up to this size in the attempt log. */
const MAX_CAPTURED_BODY = 20 * 1024;
const USER_AGENT = `Hookline/${version}`;

export interface SendResult {
  /** 0 when no response arrived. */
  statusCode: number;
  /** Captured response body, or the network error. */
  response: string;
  durationMs: number;
  url: string;
}

/** Signs and POSTs one delivery with undici over kept-alive connections. */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 128, pipelining: 1 });

  constructor(
    private readonly config: DispatcherConfig,
    private readonly credentials: EndpointCredentials,
  ) {}

  async send(endpoint: EndpointState, task: DeliveryTask): Promise<SendResult> {
    const body = endpoint.payloadMode === 'thin' ? thinBody(task) : task.payload;
    const timestamp = Math.floor(Date.now() / 1000);
    const { keys, headers: custom } = this.credentials.for(endpoint);
    const signature = signWebhook(keys, task.msgId, timestamp, body);
    const timeoutMs = endpoint.timeoutMs ?? this.config.requestTimeoutMs;
    const started = performance.now();
    try {
      const response = await request(endpoint.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          ...custom,
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': task.msgId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
          'svix-id': task.msgId,
          'svix-timestamp': String(timestamp),
          'svix-signature': signature,
        },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const captured = await captureBody(response.body);
      return { statusCode: response.statusCode, response: captured, durationMs: elapsed(started), url: endpoint.url };
    } catch (error) {
      return { statusCode: 0, response: describeNetworkError(error, timeoutMs), durationMs: elapsed(started), url: endpoint.url };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

function thinBody(task: DeliveryTask): string {
  return JSON.stringify({ type: task.eventType, id: task.msgId, timestamp: new Date(task.acceptedAt).toISOString() });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** Reads at most MAX_CAPTURED_BODY bytes; a longer body is cut off (its connection is closed). */
async function captureBody(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk.subarray(0, MAX_CAPTURED_BODY - size));
    size += chunk.length;
    if (size >= MAX_CAPTURED_BODY) break;
  }
  const bytes = Buffer.concat(chunks);
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes.toString('base64');
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') {
    return `timeout after ${timeoutMs} ms`;
  }
  const code = err.cause?.code ?? err.code;
  return code ? `${code}: ${err.cause?.message ?? err.message}` : err.message;
}
