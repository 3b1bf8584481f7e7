import { ServiceDefinition } from '@hookline/config';
import { postgresReadiness } from '@hookline/database';
import { AttemptLogConfig, loadAttemptLogConfig } from './config/attempt-log.config';
import { AttemptLogModule } from './attempt-log.module';

export const attemptLogService: ServiceDefinition<AttemptLogConfig> = {
  name: 'attempt-log',
  loadConfig: loadAttemptLogConfig,
  readiness: (app) => [postgresReadiness(app)],
  module: (config, logger) => AttemptLogModule.forRoot(config, logger),
};
