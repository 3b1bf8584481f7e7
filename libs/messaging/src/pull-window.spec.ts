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

  it('doubles while messages come fast enough to fill the window within a second, and keeps its size when they come slower', () => {
    const window = new PullWindow(limits);
    // 4 messages 200 ms apart: 4 would come in 800 ms, so grow to 8; 8 would take 1.6 s.
    window.pullEnded(window.nextPull(0), 4, 0, 600);
    expect(window.nextPull(0)).toBe(8);
    window.pullEnded(8, 8, 0, 1400);
    expect(window.nextPull(0)).toBe(8);
    // A burst: 8 within 7 ms.
    window.pullEnded(8, 8, 0, 7);
    expect(window.nextPull(0)).toBe(16);
    for (let pull = 0; pull < 20; pull++) window.pullEnded(window.nextPull(0), 16, 0, 1500);
    expect(window.nextPull(0)).toBe(16);
  });

  it('learns nothing from a single message, whenever it came', () => {
    const window = new PullWindow({ ...limits, maxHeld: () => 16 });
    window.pullEnded(window.nextPull(3), 1, 0, 0);
    expect(window.nextPull(0)).toBe(FIRST_PULL);
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
    window.pullEnded(1, 1, 0, 0);
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
