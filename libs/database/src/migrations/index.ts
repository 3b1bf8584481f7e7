import { InitialSchema1763877600000 } from './1763877600000-initial-schema';
import { EndpointDeliveryOptions1763890000000 } from './1763890000000-endpoint-delivery-options';

/** Every migration, in order. */
export const MIGRATIONS = [InitialSchema1763877600000, EndpointDeliveryOptions1763890000000];
