import { ServiceDefinition } from '@hookline/config';
import { AttemptLogConfig, loadAttemptLogConfig } from './config/attempt-log.config';
import { AttemptLogModule } from './attempt-log.module';

export const attemptLogService: ServiceDefinition<AttemptLogConfig> = {
  name: 'attempt-log',
  loadConfig: loadAttemptLogConfig,
  module: (config, logger) => AttemptLogModule.forRoot(config, logger),
};
