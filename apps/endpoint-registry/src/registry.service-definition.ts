import { ServiceDefinition } from '@hookline/config';
import { postgresReadiness } from '@hookline/database';
import { RegistryConfig, loadRegistryConfig } from './config/registry.config';
import { EndpointRegistryModule } from './endpoint-registry.module';
import { REGISTRY_DATA_SOURCE } from './registry.data-source';

export const registryService: ServiceDefinition<RegistryConfig> = {
  name: 'endpoint-registry',
  loadConfig: loadRegistryConfig,
  readiness: (app) => [postgresReadiness(app, REGISTRY_DATA_SOURCE)],
  module: (config, logger) => EndpointRegistryModule.forRoot(config, logger),
};
