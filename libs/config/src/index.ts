export * from './common.env';
export * from './load-env';
export * from './master-key';
export * from './start-service';
export * from './egress.env';
export * from './heap-growth';
export * from './node-options';
