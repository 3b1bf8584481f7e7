import { Injectable } from '@nestjs/common';
import { RpcService } from '@hookline/contracts';
import { NatsClients, RpcClient } from '@hookline/messaging';

/** Request/reply to the services behind the gateway; a service's HooklineError is rethrown as is. */
@Injectable()
export class ServiceClients {
  private readonly rpc: RpcClient;

  constructor(private readonly nats: NatsClients) {
    this.rpc = new RpcClient(nats.nc);
  }

  registry<T>(operation: string, request: object): Promise<T> {
    return this.call('registry', operation, request);
  }

  attemptLog<T>(operation: string, request: object): Promise<T> {
    return this.call('attempt-log', operation, request);
  }

  private call<T>(service: RpcService, operation: string, request: object): Promise<T> {
    return this.rpc.call<T>(this.nats.names.rpc(service, operation), request);
  }
}
