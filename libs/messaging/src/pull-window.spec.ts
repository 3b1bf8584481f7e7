import { FIRST_PULL, PullWindow } from './pull-window';

describe('PullWindow', () => {
  const limits = { maxAckPending: 50, pullBatch: 400 };

  it('starts small and doubles while full pulls leave messages waiting behind them, however slowly they fill, up to what the handler may hold', () => {
    let maxHeld = 40;
    const window = new PullWindow({ ...limits, maxHeld: () => maxHeld });
    const asked: number[] = [];
    for (let pull = 0; pull < 6; pull++) {
      const size = window.nextPull(0);
      asked.push(size);
      window.pullEnded(size, size, 1000, 5000);
    }
    expect(asked).toEqual([FIRST_PULL, 8, 16, 32, 40, 40]);

    maxHeld = 10;
    expect(window.nextPull(0)).toBe(10);
  });

  it('doubles while full pulls fill within a second with nothing behind them, and keeps its size when they fill from a trickle', () => {
    const window = new PullWindow(limits);
    for (const size of [4, 8]) window.pullEnded(window.nextPull(0), size, 0, 900);
    expect(window.nextPull(0)).toBe(16);
    for (let pull = 0; pull < 20; pull++) window.pullEnded(window.nextPull(0), 16, 0, 1500);
    expect(window.nextPull(0)).toBe(16);
  });

  it('sizes the next pull for what a short one brought, never below the first pull', () => {
    const window = new PullWindow(limits);
    for (const size of [4, 8, 16]) window.pullEnded(window.nextPull(0), size, 1, 10);
    expect(window.nextPull(0)).toBe(32);
    window.pullEnded(32, 12, 0, 30_000);
    expect(window.nextPull(0)).toBe(12);
    window.pullEnded(12, 1, 0, 30_000);
    expect(window.nextPull(0)).toBe(FIRST_PULL);
  });

  it('asks only for the room left under the window, and waits until a quarter of it is free unless it has just grown', () => {
    const window = new PullWindow({ ...limits, maxHeld: () => 16 });
    for (const size of [4, 8]) window.pullEnded(window.nextPull(0), size, 1, 10);
    // Just grown to 16 with 15 held: one free place is worth a pull.
    expect(window.nextPull(15)).toBe(1);
    window.pullEnded(1, 1, 0, 5000);
    expect(window.nextPull(16)).toBe(0);
    expect(window.nextPull(13)).toBe(0);
    expect(window.nextPull(12)).toBe(4);
  });

  it('at max_ack_pending asks for a whole batch and lets the server keep the bound', () => {
    const window = new PullWindow(limits);
    for (const size of [4, 8, 16, 32]) window.pullEnded(window.nextPull(0), size, 1, 10);
    expect(window.nextPull(50)).toBe(400);
  });
});
