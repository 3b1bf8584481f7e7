export * from './egress-policy';
