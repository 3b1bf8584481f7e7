import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNoContentResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HooklineError, HttpErrorOut } from '@hookline/contracts';
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
  @ApiTags('Health')
  @ApiNoContentResponse({ description: 'Healthy' })
  @ApiServiceUnavailableResponse({ type: HttpErrorOut, description: 'NATS is unreachable' })
  health(): void {
    if (this.nats.nc.isClosed()) throw HooklineError.unavailable('NATS connection is closed');
  }

  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
