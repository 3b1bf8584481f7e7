import { ServiceDefinition } from '@hookline/config';
import { postgresReadiness } from '@hookline/database';
import { RegistryConfig, loadRegistryConfig } from './config/registry.config';
import { EndpointRegistryModule } from './endpoint-registry.module';

export const registryService: ServiceDefinition<RegistryConfig> = {
  name: 'endpoint-registry',
  loadConfig: loadRegistryConfig,
  readiness: (app) => [postgresReadiness(app)],
  module: (config, logger) => EndpointRegistryModule.forRoot(config, logger),
};
