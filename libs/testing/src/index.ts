export * from './eventually';
export * from './factories';
export * from './hookline-api';
export * from './hookline-harness';
export * from './test-infrastructure';
export * from './test-servers';
export * from './webhook-receiver';
