import { InitialSchema1763877600000 } from './1763877600000-initial-schema';

/** Every migration, in order. */
export const MIGRATIONS = [InitialSchema1763877600000];
