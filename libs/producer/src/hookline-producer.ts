import { JetStreamClient, PubAck } from 'nats';
import { HooklineError, MessageIn, NatsNames, validateInput } from '@hookline/contracts';
import { encodeJson } from '@hookline/messaging';

export interface SendOptions {
  /**
   * JetStream de-duplication id: a second publish with the same id inside the stream's window
   * (2 minutes) is dropped. Use your own event id to make retries of `send` safe.
   */
  dedupId?: string;
}

/**
 * The typed client for internal services that emit events over NATS instead of HTTP. It checks
 * the MessageIn locally (so a bad one fails here, not later as a rejected message) and resolves
 * once JetStream has stored it: from then on the message is accepted and will be delivered.
 */
export class HooklineProducer {
  constructor(
    private readonly js: JetStreamClient,
    private readonly names: NatsNames = new NatsNames(),
  ) {}

  /** Publishes `message` for the app (id or uid without dots) of the org. Throws HooklineError(422) on an invalid message. */
  async send(orgId: string, app: string, message: MessageIn, options: SendOptions = {}): Promise<PubAck> {
    if (app.includes('.') || orgId.includes('.')) throw HooklineError.badRequest('org and app must not contain dots to be used as NATS subject tokens');
    const valid = validateInput(MessageIn, message);
    return this.js.publish(this.names.message(orgId, app), encodeJson(valid), options.dedupId ? { msgID: options.dedupId } : undefined);
  }
}
