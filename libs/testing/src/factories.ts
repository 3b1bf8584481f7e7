import { randomBytes } from 'node:crypto';
import { AttemptRecorded, AttemptTrigger, MessageStatus, newId } from '@hookline/contracts';

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

/** An attempt outcome as the dispatcher publishes it on ATTEMPTS (a first, final success unless overridden), to publish by hand. */
export const attemptRecorded = (appId: string, endpoint: { id: string; url: string }, overrides: Partial<AttemptRecorded> = {}): AttemptRecorded => ({
  id: newId('atmpt'),
  orgId: 'org_default',
  appId,
  msgId: newId('msg'),
  endpointId: endpoint.id,
  url: endpoint.url,
  response: '',
  responseStatusCode: 204,
  responseDurationMs: 3,
  status: MessageStatus.Success,
  triggerType: AttemptTrigger.Scheduled,
  attemptNumber: 1,
  final: true,
  timestamp: Date.now(),
  ...overrides,
});
