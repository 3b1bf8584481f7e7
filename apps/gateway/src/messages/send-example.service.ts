import { Injectable } from '@nestjs/common';
import { EndpointOut, EventTypeOut, MessageOut, RegistryOp, SendExampleIn, validateInput } from '@hookline/contracts';
import { ServiceClients } from '../clients/service-clients';
import { MessageIngestService } from './message-ingest.service';

/**
 * Sends an example message to one endpoint: the given payload (Hookline extension, as
 * Supervisely's webhook test), else an example from the event type's schema, else `{}`.
 */
@Injectable()
export class SendExampleService {
  constructor(
    private readonly services: ServiceClients,
    private readonly ingest: MessageIngestService,
  ) {}

  async send(orgId: string, app: string, endpointRef: string, body: unknown): Promise<MessageOut> {
    const input = validateInput(SendExampleIn, body);
    const endpoint = await this.services.registry<EndpointOut>(RegistryOp.GetEndpoint, { orgId, app, endpoint: endpointRef });
    const payload = input.payload ?? (await this.schemaExample(orgId, input.eventType, input.exampleIndex ?? 0));
    return this.ingest.accept(orgId, app, { eventType: input.eventType, payload }, { onlyEndpointId: endpoint.id });
  }

  private async schemaExample(orgId: string, name: string, index: number): Promise<Record<string, unknown>> {
    const eventType = await this.services.registry<EventTypeOut>(RegistryOp.GetEventType, { orgId, name });
    const schema = (eventType.schemas?.['1'] ?? Object.values(eventType.schemas ?? {})[0]) as { examples?: unknown[] } | undefined;
    const example = schema?.examples?.[index];
    return example && typeof example === 'object' && !Array.isArray(example) ? (example as Record<string, unknown>) : {};
  }
}
