export * from './coalescing-publisher';
export * from './consumer-progress';
export * from './jetstream-worker';
export * from './json-codec';
export * from './nats-connection';
export * from './rpc';
export * from './streams';
export * from './nats.module';
