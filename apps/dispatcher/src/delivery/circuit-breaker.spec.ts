import { CircuitBreaker } from './circuit-breaker';

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
