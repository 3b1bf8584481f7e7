import { loadDispatcherConfig } from '../config/dispatcher.config';
import { nextRetryDelayMs, retryDelayAfter } from './retry-schedule';

const SVIX = [5, 300, 1800, 7200, 18000, 36000, 36000];
const noJitter = () => 0.5;

describe('nextRetryDelayMs', () => {
  it('follows the Svix schedule and stops after 8 attempts', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => nextRetryDelayMs(attempt, SVIX, null, 0.2, noJitter));
    expect(delays).toEqual(SVIX.map((seconds) => seconds * 1000));
    expect(nextRetryDelayMs(8, SVIX, null, 0.2, noJitter)).toBeUndefined();
  });

  it('keeps jitter within ±20 %', () => {
    expect(nextRetryDelayMs(1, SVIX, null, 0.2, () => 0)).toBe(4000);
    expect(nextRetryDelayMs(1, SVIX, null, 0.2, () => 1)).toBe(6000);
  });

  it('lets an endpoint policy override schedule and attempt cap', () => {
    const policy = { schedule: [1], maxAttempts: 4 };
    expect([1, 2, 3].map((attempt) => nextRetryDelayMs(attempt, SVIX, policy, 0, noJitter))).toEqual([1000, 1000, 1000]);
    expect(nextRetryDelayMs(4, SVIX, policy, 0, noJitter)).toBeUndefined();
  });

  it('caps attempts without changing the global schedule', () => {
    expect(nextRetryDelayMs(2, SVIX, { maxAttempts: 2 }, 0, noJitter)).toBeUndefined();
    expect(nextRetryDelayMs(1, SVIX, { maxAttempts: 2 }, 0, noJitter)).toBe(5000);
  });
});

describe('retryDelayAfter with the shipped defaults', () => {
  const defaults = loadDispatcherConfig({ HOOKLINE_MASTER_KEY: '00'.repeat(32), NATS_URL: 'nats://127.0.0.1:4222' });
  const failed = (statusCode: number, extra: { timedOut?: boolean; retryAfterMs?: number } = {}) => ({ statusCode, timedOut: false, ...extra });

  it("ships Svix's schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ±20 %, and at least 60 s after a timeout or a 429", () => {
    expect(defaults).toMatchObject({ retryScheduleSeconds: SVIX, retryJitter: 0.2, retryBackoffFloorMs: 60_000 });
    expect(retryDelayAfter(1, failed(500), defaults, null, noJitter)).toBe(5_000);
  });

  it('waits at least the back-off floor after a timeout or a 429, however short the schedule', () => {
    expect(retryDelayAfter(1, failed(0, { timedOut: true }), defaults, null, noJitter)).toBe(60_000);
    expect(retryDelayAfter(1, failed(429), defaults, null, noJitter)).toBe(60_000);
    expect(retryDelayAfter(2, failed(429), defaults, null, noJitter)).toBe(300_000);
  });

  it('honours a longer Retry-After, up to a day, and never shortens the schedule for it', () => {
    expect(retryDelayAfter(1, failed(503, { retryAfterMs: 120_000 }), defaults, null, noJitter)).toBe(120_000);
    expect(retryDelayAfter(2, failed(503, { retryAfterMs: 1_000 }), defaults, null, noJitter)).toBe(300_000);
    expect(retryDelayAfter(1, failed(503, { retryAfterMs: 7 * 24 * 3600_000 }), defaults, null, noJitter)).toBe(24 * 3600_000);
  });

  it('does not retry after 410 Gone, nor past the last attempt', () => {
    expect(retryDelayAfter(1, failed(410), defaults, null, noJitter)).toBeUndefined();
    expect(retryDelayAfter(8, failed(500), defaults, null, noJitter)).toBeUndefined();
  });
});
