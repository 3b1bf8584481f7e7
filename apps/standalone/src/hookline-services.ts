import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { PinoNestLogger, createLogger } from '@hookline/observability';
import { attemptLogService } from '../../attempt-log/src/attempt-log.service-definition';
import { dispatcherService } from '../../dispatcher/src/dispatcher.service-definition';
import { registryService } from '../../endpoint-registry/src/registry.service-definition';
import { routerService } from '../../event-router/src/router.service-definition';
import { loadGatewayConfig } from '../../gateway/src/config/gateway.config';
import { createGateway } from '../../gateway/src/create-gateway';

export interface RunningHookline {
  /** The gateway's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The gateway application (tests list its routes). */
  gateway: NestFastifyApplication;
  stop(): Promise<void>;
}

/**
 * Starts all five services in this process from one environment: the registry first (its
 * projection must be readable), the gateway last (so nothing is accepted before it can flow).
 */
export async function startHooklineServices(env: NodeJS.ProcessEnv, logLevel: string): Promise<RunningHookline> {
  const started: INestApplicationContext[] = [];
  const stop = async () => {
    for (const app of started.reverse()) await app.close();
  };
  try {
    for (const service of [registryService, attemptLogService, routerService, dispatcherService]) {
      const serviceLogger = createLogger(service.name, logLevel);
      const module = (service.module as (config: unknown, logger: Logger) => ReturnType<typeof service.module>)(service.loadConfig(env), serviceLogger);
      started.push(await NestFactory.createApplicationContext(module, { logger: new PinoNestLogger(serviceLogger) }));
    }
    const gatewayConfig = loadGatewayConfig(env);
    const gateway = await createGateway(gatewayConfig, createLogger('gateway', logLevel));
    started.push(gateway);
    const address = gateway.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : gatewayConfig.port;
    return { url: `http://127.0.0.1:${port}`, gateway, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
