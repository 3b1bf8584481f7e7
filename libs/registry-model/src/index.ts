export * from './endpoint-matcher';
export * from './incoming-message';
export * from './portal-token-revocations';
export * from './registry-follower';
export * from './registry-view';
export * from './registry-watermark';
export * from './stream-barrier';
export * from './registry-follower.module';
