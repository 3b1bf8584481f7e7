import { nextRetryDelayMs } from './retry-schedule';

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
