import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { EventTypeOut, EventTypePatch, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { pageParams, parseJsonField, patchBody, toPage } from './grpc-mapping';

type EventTypeMessage = Omit<EventTypeOut, 'schemas'> & { schemasJson?: string };

function toMessage({ schemas, ...eventType }: EventTypeOut): EventTypeMessage {
  return { ...eventType, schemasJson: schemas ? JSON.stringify(schemas) : '' };
}

@Controller()
export class EventTypesGrpcController {
  constructor(private readonly services: ServiceClients) {}

  @GrpcMethod('EventTypes', 'Create')
  async create({ schemasJson, ...request }: Partial<EventTypeMessage>, metadata: object): Promise<EventTypeMessage> {
    const body = { ...request, schemas: parseJsonField(schemasJson, 'schemas_json') };
    return toMessage(await this.services.registry(RegistryOp.CreateEventType, { orgId: grpcPrincipal(metadata).orgId, body }));
  }

  @GrpcMethod('EventTypes', 'Get')
  async get(request: { name: string }, metadata: object): Promise<EventTypeMessage> {
    return toMessage(await this.services.registry(RegistryOp.GetEventType, { orgId: grpcPrincipal(metadata).orgId, name: request.name }));
  }

  @GrpcMethod('EventTypes', 'List')
  async list(request: { page?: { limit?: number; iterator?: string }; includeArchived?: boolean }, metadata: object) {
    const list = await this.services.registry<ListResponse<EventTypeOut>>(RegistryOp.ListEventTypes, {
      orgId: grpcPrincipal(metadata).orgId,
      list: pageParams(request.page),
      includeArchived: request.includeArchived ?? false,
    });
    return toPage(list, toMessage);
  }

  @GrpcMethod('EventTypes', 'Update')
  async update({ schemasJson, name, ...request }: Partial<EventTypeMessage>, metadata: object): Promise<EventTypeMessage> {
    const body = { ...request, schemas: parseJsonField(schemasJson, 'schemas_json') };
    return toMessage((await this.services.registry<Upserted<EventTypeOut>>(RegistryOp.UpdateEventType, { orgId: grpcPrincipal(metadata).orgId, name, body })).value);
  }

  @GrpcMethod('EventTypes', 'Patch')
  async patch(request: { name: string; eventType?: { schemasJson?: string }; updateMask?: { paths?: string[] } }, metadata: object): Promise<EventTypeMessage> {
    const { schemasJson, ...fields } = request.eventType ?? {};
    const body = patchBody(EventTypePatch, 'EventTypePatch', { ...fields, schemas: parseJsonField(schemasJson, 'schemas_json') }, request.updateMask, { schemas_json: 'schemas' });
    return toMessage(await this.services.registry(RegistryOp.PatchEventType, { orgId: grpcPrincipal(metadata).orgId, name: request.name, body }));
  }

  @GrpcMethod('EventTypes', 'Delete')
  async delete(request: { name: string; expunge?: boolean }, metadata: object): Promise<object> {
    await this.services.registry(RegistryOp.DeleteEventType, { orgId: grpcPrincipal(metadata).orgId, name: request.name, expunge: request.expunge ?? false });
    return {};
  }
}
