import { ServiceDefinition } from '@hookline/config';
import { RouterConfig, loadRouterConfig } from './config/router.config';
import { EventRouterModule } from './event-router.module';

export const routerService: ServiceDefinition<RouterConfig> = {
  name: 'event-router',
  loadConfig: loadRouterConfig,
  module: (config, logger) => EventRouterModule.forRoot(config, logger),
};
