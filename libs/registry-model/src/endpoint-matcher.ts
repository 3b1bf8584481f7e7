import { EndpointState } from '@hookline/contracts';

/**
 * Whether a message goes to an endpoint, as Svix routes: enabled, its event type among the
 * endpoint's `filterTypes` (when set), and one of its channels among the endpoint's (when set).
 */
export function endpointAccepts(endpoint: EndpointState, eventType: string, channels: string[] | null): boolean {
  if (endpoint.disabled) return false;
  if (endpoint.filterTypes && !endpoint.filterTypes.includes(eventType)) return false;
  if (endpoint.channels && !(channels ?? []).some((channel) => endpoint.channels!.includes(channel))) return false;
  return true;
}
