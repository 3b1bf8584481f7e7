import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { HooklineError } from '@hookline/contracts';
import { NatsClients } from '@hookline/messaging';
import { metricsRegistry } from '@hookline/observability';
import { Public } from '../auth/auth.guard';

@Public()
@Controller()
export class HealthController {
  constructor(private readonly nats: NatsClients) {}

  /** Svix's health check: 204 while the gateway can reach NATS. */
  @Get('api/v1/health')
  @HttpCode(204)
  health(): void {
    if (this.nats.nc.isClosed()) throw HooklineError.unavailable('NATS connection is closed');
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
