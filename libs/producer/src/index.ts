export * from './hookline-producer';
