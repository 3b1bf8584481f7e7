import { ServiceDefinition } from '@hookline/config';
import { RegistryConfig, loadRegistryConfig } from './config/registry.config';
import { EndpointRegistryModule } from './endpoint-registry.module';

export const registryService: ServiceDefinition<RegistryConfig> = {
  name: 'endpoint-registry',
  loadConfig: loadRegistryConfig,
  module: (config, logger) => EndpointRegistryModule.forRoot(config, logger),
};
