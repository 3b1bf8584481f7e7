import { ServiceDefinition } from '@hookline/config';
import { postgresReadiness } from '@hookline/database';
import { AttemptLogConfig, loadAttemptLogConfig } from './config/attempt-log.config';
import { AttemptLogModule } from './attempt-log.module';
import { ATTEMPT_LOG_DATA_SOURCE } from './attempt-log.data-source';

export const attemptLogService: ServiceDefinition<AttemptLogConfig> = {
  name: 'attempt-log',
  loadConfig: loadAttemptLogConfig,
  readiness: (app) => [postgresReadiness(app, ATTEMPT_LOG_DATA_SOURCE)],
  module: (config, logger) => AttemptLogModule.forRoot(config, logger),
};
