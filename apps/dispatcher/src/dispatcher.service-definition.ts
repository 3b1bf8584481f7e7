import { ServiceDefinition } from '@hookline/config';
import { DispatcherConfig, loadDispatcherConfig } from './config/dispatcher.config';
import { DispatcherModule } from './dispatcher.module';

export const dispatcherService: ServiceDefinition<DispatcherConfig> = {
  name: 'dispatcher',
  loadConfig: loadDispatcherConfig,
  module: (config, logger) => DispatcherModule.forRoot(config, logger),
};
