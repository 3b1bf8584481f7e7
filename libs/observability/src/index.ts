export * from './logger';
export * from './metrics';
export * from './logger.module';
export * from './health-server';
