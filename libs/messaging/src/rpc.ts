import { NatsConnection, Subscription } from 'nats';
import { HooklineError, RpcReply } from '@hookline/contracts';
import { Logger } from 'pino';
import { decodeJson, encodeJson } from './json-codec';

export type RpcHandler = (request: any) => Promise<unknown>;

const TOO_LARGE: RpcReply<never> = {
  ok: false,
  status: 413,
  error: { code: 'payload_too_large', detail: 'The answer is larger than the message bus allows; ask for fewer items (limit)' },
};

/**
 * Serves core NATS request/reply operations in a queue group, so replicas share requests. A
 * HooklineError thrown by a handler becomes the reply's status and body; anything else is logged
 * and answered as a 500 with no detail.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly queue: string,
    private readonly logger: Logger,
  ) {}

  handle(subject: string, handler: RpcHandler): void {
    const subscription = this.nc.subscribe(subject, {
      queue: this.queue,
      callback: (error, message) => {
        if (error) return this.logger.error({ err: error, subject }, 'rpc subscription failed');
        void this.answer(handler, message.data).then((reply) => {
          try {
            message.respond(encodeJson(reply));
          } catch (respondError) {
            // Typically a reply over NATS's max_payload: say so instead of dying on an unhandled rejection.
            this.logger.warn({ err: respondError, subject }, 'rpc reply could not be sent');
            message.respond(encodeJson(TOO_LARGE));
          }
        });
      },
    });
    this.subscriptions.push(subscription);
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.drain()));
  }

  private async answer(handler: RpcHandler, data: Uint8Array): Promise<RpcReply<unknown>> {
    try {
      return { ok: true, data: await handler(decodeJson(data)) };
    } catch (error) {
      if (error instanceof HooklineError) return { ok: false, status: error.status, error: error.body };
      this.logger.error({ err: error }, 'rpc handler failed');
      return { ok: false, status: 500, error: { code: 'internal', detail: 'Internal error' } };
    }
  }
}

/** Calls an RpcServer operation and returns its data, or throws the HooklineError it answered. */
export class RpcClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 10_000,
  ) {}

  async call<T>(subject: string, request: unknown): Promise<T> {
    let raw;
    try {
      raw = await this.nc.request(subject, encodeJson(request), { timeout: this.timeoutMs });
    } catch (error) {
      throw HooklineError.unavailable(`service did not answer ${subject.split('.').slice(-2).join('.')}: ${(error as Error).message}`);
    }
    const reply = decodeJson(raw.data) as RpcReply<T>;
    if (reply.ok) return reply.data;
    const { code = 'error', detail } = reply.error;
    throw new HooklineError(reply.status, code, detail);
  }
}
