import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import {
  AppRequest,
  AttemptFilters,
  AttemptLogOp,
  BackgroundTaskFilters,
  IdempotencyClaimsRequest,
  IdempotencyCompletionsRequest,
  IdempotencySettleRequest,
  ListParams,
  MessageFilters,
  OrgScoped,
  listParamsOf,
} from '@hookline/contracts';
import { NatsClients, RpcServer } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { AttemptLogService } from './attempts/attempt-log.service';
import { DeliveriesService } from './deliveries/deliveries.service';
import { IdempotencyKeysService } from './idempotency/idempotency-keys.service';
import { MessageLogService } from './messages/message-log.service';
import { BackgroundTasksService } from './redelivery/background-tasks.service';
import { RecoverService } from './redelivery/recover.service';
import { RedeliveryService } from './redelivery/redelivery.service';

type Listing = AppRequest & { list?: Partial<ListParams> };

/** The attempt log's query surface over NATS request/reply. */
@Injectable()
export class AttemptLogRpc implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly server: RpcServer;

  constructor(
    private readonly nats: NatsClients,
    @Inject(LOGGER) logger: Logger,
    private readonly messages: MessageLogService,
    private readonly attempts: AttemptLogService,
    private readonly redelivery: RedeliveryService,
    private readonly recovers: RecoverService,
    private readonly backgroundTasks: BackgroundTasksService,
    private readonly deliveries: DeliveriesService,
    private readonly idempotencyKeys: IdempotencyKeysService,
  ) {
    this.server = new RpcServer(nats.nc, 'attempt-log', logger);
  }

  onApplicationBootstrap(): void {
    const handle = (op: string, handler: (request: any) => Promise<unknown>) => this.server.handle(this.nats.names.rpc('attempt-log', op), handler);
    handle(AttemptLogOp.GetMessage, (r: AppRequest & { msg: string }) => this.messages.get(r.orgId, r.app, r.msg));
    handle(AttemptLogOp.ListMessages, (r: Listing & { filters?: MessageFilters }) => this.messages.list(r.orgId, r.app, listParamsOf(r), r.filters));
    handle(AttemptLogOp.ListRejected, (r: Listing) => this.messages.listRejected(r.orgId, r.app, listParamsOf(r).limit));
    handle(AttemptLogOp.ListAttemptsByEndpoint, (r: Listing & { endpoint: string; filters?: AttemptFilters }) =>
      this.attempts.listByEndpoint(r.orgId, r.app, r.endpoint, listParamsOf(r), r.filters),
    );
    handle(AttemptLogOp.Resend, (r: AppRequest & { msg: string; endpoint: string }) => this.redelivery.resend(r.orgId, r.app, r.msg, r.endpoint));
    handle(AttemptLogOp.Recover, (r: AppRequest & { endpoint: string; body: unknown }) => this.recovers.recover(r.orgId, r.app, r.endpoint, r.body));
    handle(AttemptLogOp.GetBackgroundTask, (r: OrgScoped & { id: string }) => this.backgroundTasks.get(r.orgId, r.id));
    handle(AttemptLogOp.ListBackgroundTasks, (r: OrgScoped & { list?: Partial<ListParams>; filters?: BackgroundTaskFilters }) =>
      this.backgroundTasks.list(r.orgId, listParamsOf(r), r.filters),
    );
    handle(AttemptLogOp.EventIdTaken, (r: { appId: string; eventId: string }) => this.messages.eventIdTaken(r.appId, r.eventId));
    handle(AttemptLogOp.DeleteContent, (r: AppRequest & { msg: string }) => this.messages.deleteContent(r.orgId, r.app, r.msg));
    handle(AttemptLogOp.GetAttempt, (r: AppRequest & { msg: string; attempt: string }) => this.attempts.get(r.orgId, r.app, r.msg, r.attempt));
    handle(AttemptLogOp.EndpointStats, (r: AppRequest & { endpoint: string }) => this.deliveries.stats(r.orgId, r.app, r.endpoint));
    handle(AttemptLogOp.MessageDestinations, (r: AppRequest & { msg: string }) => this.deliveries.endpointsOfMessage(r.orgId, r.app, r.msg));
    handle(AttemptLogOp.EndpointMessages, (r: Listing & { endpoint: string }) => this.deliveries.messagesOfEndpoint(r.orgId, r.app, r.endpoint, listParamsOf(r)));
    handle(AttemptLogOp.ListAttemptsByMessage, (r: Listing & { msg: string; filters?: AttemptFilters }) =>
      this.attempts.listByMessage(r.orgId, r.app, r.msg, listParamsOf(r), r.filters),
    );
    handle(AttemptLogOp.ClaimIdempotencyKeys, (r: IdempotencyClaimsRequest) => this.idempotencyKeys.claim(r));
    handle(AttemptLogOp.CompleteIdempotencyKeys, (r: IdempotencyCompletionsRequest) => this.idempotencyKeys.complete(r));
    handle(AttemptLogOp.ReleaseIdempotencyKey, (r: IdempotencySettleRequest) => this.idempotencyKeys.release(r));
  }

  async onModuleDestroy(): Promise<void> {
    await this.server.stop();
  }
}
