import { Inject, Injectable } from '@nestjs/common';
import { JsMsg } from 'nats';
import { Logger } from 'pino';
import { AttemptFilters, AttemptRecorded, HooklineError, ListParams, ListResponse, MessageAttemptOut, attemptsIn, validateFlatInput } from '@hookline/contracts';
import { KeysetPage, MessageAttemptEntity } from '@hookline/database';
import { LOGGER, attemptsLogged } from '@hookline/observability';
import { AppResolver } from '../app-resolver';
import { MessagesRepository } from '../messages/messages.repository';
import { AttemptsRepository } from './attempts.repository';
import { EndpointHealthService } from './endpoint-health.service';

/** Persists attempt outcomes from ATTEMPTS (one insert per burst of batches), acts on them, and answers attempt queries. */
@Injectable()
export class AttemptLogService {
  constructor(
    private readonly apps: AppResolver,
    private readonly attempts: AttemptsRepository,
    private readonly messages: MessagesRepository,
    private readonly health: EndpointHealthService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(batch: JsMsg[]): Promise<void> {
    const recorded: AttemptRecorded[] = [];
    const readable: JsMsg[] = [];
    const retried = new Set<string>();
    for (const msg of batch) {
      let attempts: unknown[];
      try {
        attempts = attemptsIn(msg.json());
      } catch (error) {
        this.logger.error({ err: error, seq: msg.seq }, 'unreadable attempt record; terminating it');
        msg.term();
        continue;
      }
      readable.push(msg);
      // One bad attempt must not cost the others in its batch their record.
      for (const attempt of attempts) {
        try {
          const valid = validateFlatInput(AttemptRecorded, attempt, 'attempt');
          recorded.push(valid);
          if (msg.info.redelivered) retried.add(valid.endpointId);
        } catch (error) {
          this.logger.error({ err: error, seq: msg.seq }, 'invalid attempt record; skipping it');
        }
      }
    }
    await this.attempts.insert(recorded.map(toEntity));
    await this.health.observe(recorded, retried);
    for (const msg of readable) msg.ack();
    attemptsLogged.inc(recorded.length);
  }

  async listByEndpoint(orgId: string, appRef: string, endpointRef: string, params: ListParams, filters: AttemptFilters = {}): Promise<ListResponse<MessageAttemptOut>> {
    const endpoint = await this.apps.requireEndpoint(orgId, appRef, endpointRef);
    return this.page({ appId: endpoint.appId, endpointId: endpoint.id }, params, filters);
  }

  /** `msgRef` is the message id or its eventId; attempts can reach the log before their message does. */
  async listByMessage(orgId: string, appRef: string, msgRef: string, params: ListParams, filters: AttemptFilters = {}): Promise<ListResponse<MessageAttemptOut>> {
    const app = await this.apps.require(orgId, appRef);
    const page = await this.page({ appId: app.id, msgId: msgRef }, params, filters);
    if (page.data.length > 0) return page;
    const message = await this.messages.findByRef(app.id, msgRef);
    if (!message) throw HooklineError.notFound('Message');
    return message.id === msgRef ? page : this.page({ appId: app.id, msgId: message.id }, params, filters);
  }

  async get(orgId: string, appRef: string, msgId: string, attemptId: string): Promise<MessageAttemptOut> {
    const app = await this.apps.require(orgId, appRef);
    const attempt = await this.attempts.findOne(app.id, msgId, attemptId);
    if (!attempt) throw HooklineError.notFound('Message attempt');
    return toAttemptOut(attempt);
  }

  private async page(where: { appId: string; endpointId?: string; msgId?: string }, params: ListParams, filters: AttemptFilters): Promise<ListResponse<MessageAttemptOut>> {
    const page = new KeysetPage(params, 'DESC');
    return page.toResponse(await this.attempts.list(where, page, filters), (attempt) => attempt.id, toAttemptOut);
  }
}

function toEntity(attempt: AttemptRecorded): MessageAttemptEntity {
  const { timestamp, ...fields } = attempt;
  return { ...fields, createdAt: new Date(timestamp) };
}

function toAttemptOut(attempt: MessageAttemptEntity): MessageAttemptOut {
  return {
    id: attempt.id,
    msgId: attempt.msgId,
    endpointId: attempt.endpointId,
    url: attempt.url,
    response: attempt.response,
    responseStatusCode: attempt.responseStatusCode,
    responseDurationMs: attempt.responseDurationMs,
    status: attempt.status,
    triggerType: attempt.triggerType,
    timestamp: attempt.createdAt.toISOString(),
  };
}
