import { StreamBarrier } from './stream-barrier';

describe('StreamBarrier', () => {
  it('waits until everything stored before the call is applied', async () => {
    const barrier = new StreamBarrier(async () => 5);
    barrier.advance(3);
    let caughtUp = false;
    const waiting = barrier.catchUp().then(() => (caughtUp = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(caughtUp).toBe(false);
    barrier.advance(5);
    await waiting;
    expect(caughtUp).toBe(true);
  });

  it('never lets a caller ride on a check that started before it asked', async () => {
    const answers: ((seq: number) => void)[] = [];
    const barrier = new StreamBarrier(() => new Promise<number>((resolve) => answers.push(resolve)));
    const first = barrier.catchUp();
    // A write lands at seq 2 after the first check was sent; this caller must see it.
    const second = barrier.catchUp();
    const third = barrier.catchUp();
    expect(answers).toHaveLength(1);
    answers[0](1);
    barrier.advance(1);
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(answers).toHaveLength(2); // one new check, shared by the second and third callers
    let secondDone = false;
    void second.then(() => (secondDone = true));
    answers[1](2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondDone).toBe(false);
    barrier.advance(2);
    await Promise.all([second, third]);
  });

  it('resolves waitFor at once for what is already applied', async () => {
    const barrier = new StreamBarrier(async () => 0);
    barrier.advance(10);
    await expect(barrier.waitFor(7)).resolves.toBeUndefined();
    await expect(barrier.catchUp()).resolves.toBeUndefined();
  });
});
