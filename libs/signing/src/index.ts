export * from './secret-box';
export * from './webhook-secret';
export * from './webhook-signer';
