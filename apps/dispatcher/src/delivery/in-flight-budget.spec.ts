import { InFlightBudget } from './in-flight-budget';

/** Acquires a slot for `lane` and reports, once promises have settled, whether it was granted. */
function request(budget: InFlightBudget, lane: string): { granted: boolean } {
  const state = { granted: false };
  void budget.acquire(lane).then(() => (state.granted = true));
  return state;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('InFlightBudget', () => {
  it('lets one lane use the whole limit, then makes it wait until a slot is released', async () => {
    const budget = new InFlightBudget(3);
    const first = [request(budget, 'a'), request(budget, 'a'), request(budget, 'a')];
    const fourth = request(budget, 'a');
    await settle();
    expect(first.every((r) => r.granted)).toBe(true);
    expect(fourth.granted).toBe(false);
    budget.release('a');
    await settle();
    expect(fourth.granted).toBe(true);
    expect(budget.inFlight).toBe(3);
  });

  it('gives a lane its fair share at once, even when slow lanes hold every slot', async () => {
    const budget = new InFlightBudget(4);
    for (let i = 0; i < 4; i++) request(budget, 'black-hole');
    const healthy = [request(budget, 'healthy'), request(budget, 'healthy'), request(budget, 'healthy')];
    await settle();
    // Two lanes: a fair share of 2 each. The black hole's slots are never released here.
    expect(healthy.map((r) => r.granted)).toEqual([true, true, false]);
    expect(budget.inFlight).toBe(6);
  });

  it('hands free slots to the waiting lanes in turn', async () => {
    const budget = new InFlightBudget(2);
    request(budget, 'a');
    request(budget, 'b');
    const [a2, b2, a3] = [request(budget, 'a'), request(budget, 'b'), request(budget, 'a')];
    await settle();
    expect([a2.granted, b2.granted, a3.granted]).toEqual([false, false, false]);
    budget.release('b');
    await settle();
    expect([a2.granted, b2.granted, a3.granted]).toEqual([true, false, false]);
    budget.release('a');
    await settle();
    expect([b2.granted, a3.granted]).toEqual([true, false]);
  });

  it('lets waiting lanes up to their larger share when a lane goes idle', async () => {
    const budget = new InFlightBudget(4);
    for (let i = 0; i < 4; i++) request(budget, 'a');
    const b = [request(budget, 'b'), request(budget, 'b'), request(budget, 'b')];
    const c = [request(budget, 'c'), request(budget, 'c')];
    await settle();
    // Past the limit, b gets the share of two lanes (2), then c that of three (1); the rest wait.
    expect(b.map((r) => r.granted)).toEqual([true, true, false]);
    expect(c.map((r) => r.granted)).toEqual([true, false]);
    expect(budget.inFlight).toBe(7);
    for (let i = 0; i < 4; i++) budget.release('a');
    await settle();
    // a is gone: two lanes, a share of 2 each.
    expect(b.map((r) => r.granted)).toEqual([true, true, false]);
    expect(c.map((r) => r.granted)).toEqual([true, true]);
    expect(budget.inFlight).toBe(4);
  });

  it('lets each lane hold twice its fair share of tasks, the whole limit twice over when one lane is busy', async () => {
    const budget = new InFlightBudget(10);
    expect(budget.heldPerLane()).toBe(20);
    for (const lane of ['a', 'b', 'c', 'd', 'e']) request(budget, lane);
    await settle();
    expect(budget.heldPerLane()).toBe(4);
    for (let i = 0; i < 20; i++) request(budget, `lane-${i}`);
    await settle();
    // Fewer slots than lanes: a lane still holds the task it sends and the next one.
    expect(budget.heldPerLane()).toBe(2);
  });

  it('refuses a release that no acquire preceded', () => {
    expect(() => new InFlightBudget(1).release('a')).toThrow(/release without acquire/);
  });
});
