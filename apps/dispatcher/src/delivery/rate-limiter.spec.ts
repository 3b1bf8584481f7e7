import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('lets a burst of one second through, then spaces requests', async () => {
    const limiter = new RateLimiter(20);
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => limiter.acquire()));
    // 20 at once, 10 more at 20/s: about half a second. Only the lower bound is asserted.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
