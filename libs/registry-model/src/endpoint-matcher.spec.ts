import { EndpointState } from '@hookline/contracts';
import { endpointAccepts } from './endpoint-matcher';

const endpoint = (overrides: Partial<EndpointState>) => ({ disabled: false, filterTypes: null, channels: null, ...overrides }) as EndpointState;

describe('endpointAccepts', () => {
  it('takes everything when the endpoint sets no filter', () => {
    expect(endpointAccepts(endpoint({}), 'user.created', null)).toBe(true);
  });

  it('takes only the listed event types', () => {
    const filtered = endpoint({ filterTypes: ['invoice.paid'] });
    expect(endpointAccepts(filtered, 'invoice.paid', null)).toBe(true);
    expect(endpointAccepts(filtered, 'user.created', null)).toBe(false);
  });

  it('needs a shared channel when the endpoint lists channels', () => {
    const channelled = endpoint({ channels: ['project-1'] });
    expect(endpointAccepts(channelled, 'x', ['project-1', 'project-2'])).toBe(true);
    expect(endpointAccepts(channelled, 'x', ['project-2'])).toBe(false);
    expect(endpointAccepts(channelled, 'x', null)).toBe(false);
  });

  it('never takes anything when disabled', () => {
    expect(endpointAccepts(endpoint({ disabled: true }), 'x', null)).toBe(false);
  });
});
