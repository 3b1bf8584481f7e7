export * from './data-source';
export * from './entities';
export * from './migrate';
export * from './keyset-page';
export * from './postgres-readiness';
