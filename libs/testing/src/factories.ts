import { randomBytes } from 'node:crypto';

/** Request bodies with sensible defaults; tests override only what they are about. */
export const applicationIn = (overrides: Record<string, unknown> = {}) => ({
  name: 'Test app',
  uid: `app-${randomBytes(4).toString('hex')}`,
  ...overrides,
});

export const endpointIn = (overrides: Record<string, unknown> & { url: string }) => ({ description: 'test endpoint', ...overrides });

export const messageIn = (overrides: Record<string, unknown> = {}) => ({
  eventType: 'user.created',
  payload: { userId: randomBytes(4).toString('hex') },
  ...overrides,
});
