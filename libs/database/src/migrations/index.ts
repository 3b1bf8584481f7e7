import { InitialSchema1763877600000 } from './1763877600000-initial-schema';
import { EndpointDeliveryOptions1763890000000 } from './1763890000000-endpoint-delivery-options';
import { EndpointHealth1763900000000 } from './1763900000000-endpoint-health';
import { EventTypes1763910000000 } from './1763910000000-event-types';
import { ApiKeys1763920000000 } from './1763920000000-api-keys';
import { AttemptFinal1763930000000 } from './1763930000000-attempt-final';
import { IdempotencyKeys1763940000000 } from './1763940000000-idempotency-keys';
import { RecoverTasks1763950000000 } from './1763950000000-recover-tasks';
import { RecoverStalledRuns1763960000000 } from './1763960000000-recover-stalled-runs';

/** Every migration, in order. */
export const MIGRATIONS = [InitialSchema1763877600000, EndpointDeliveryOptions1763890000000, EndpointHealth1763900000000, EventTypes1763910000000, ApiKeys1763920000000, AttemptFinal1763930000000, IdempotencyKeys1763940000000, RecoverTasks1763950000000, RecoverStalledRuns1763960000000];
