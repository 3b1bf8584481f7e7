import { Injectable } from '@nestjs/common';
import { HooklineError, RpcService, ValidationIssue } from '@hookline/contracts';
import { NatsClients, RpcClient } from '@hookline/messaging';
import { refIssue } from '../validation/request-shape.pipe';

/** Request fields that name a resource; REST checks them as path ids, this catches the gRPC ones. */
const REF_FIELDS = ['app', 'endpoint', 'msg', 'attempt', 'name', 'id'];

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
    const refs = request as Record<string, unknown>;
    const issues = REF_FIELDS.filter((field) => field in refs).map((field) => refIssue(field, refs[field], 'request'));
    if (issues.some(Boolean)) return Promise.reject(HooklineError.validation(issues.filter((issue): issue is ValidationIssue => !!issue)));
    return this.rpc.call<T>(this.nats.names.rpc(service, operation), request);
  }
}
