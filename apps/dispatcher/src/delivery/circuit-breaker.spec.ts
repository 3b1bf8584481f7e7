import { CircuitBreaker } from './circuit-breaker';
import { RateLimiter } from './rate-limiter';

describe('CircuitBreaker', () => {
  let now = 0;
  const clock = () => now;

  it('opens after the threshold, lets one probe through after the rest, and doubles the rest when it fails', () => {
    now = 0;
    const breaker = new CircuitBreaker(3, 1000, clock);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.blockedUntil()).toBeUndefined();
    breaker.recordFailure();
    expect(breaker.blockedUntil()).toBe(1000);
    now = 1000;
    expect(breaker.blockedUntil()).toBeUndefined(); // the probe
    expect(breaker.blockedUntil()).toBeDefined(); // others wait while it runs
    breaker.recordFailure();
    expect(breaker.blockedUntil()).toBe(3000);
    now = 3000;
    expect(breaker.blockedUntil()).toBeUndefined();
    breaker.recordSuccess();
    expect(breaker.blockedUntil()).toBeUndefined();
    expect(breaker.blockedUntil()).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('lets a burst of one second through, then spaces requests', async () => {
    const limiter = new RateLimiter(20);
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => limiter.acquire()));
    // 20 at once, 10 more at 20/s: about half a second. Only the lower bound is asserted.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
