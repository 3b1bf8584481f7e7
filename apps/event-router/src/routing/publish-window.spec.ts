import { PublishWindow } from './publish-window';

/** A publish whose ack the test gives (or refuses) when it chooses. */
function publish(): { stored: Promise<void>; ack: () => void; fail: (error: Error) => void } {
  let ack!: () => void;
  let fail!: (error: Error) => void;
  const stored = new Promise<void>((resolve, reject) => {
    ack = resolve;
    fail = reject;
  });
  return { stored, ack, fail };
}

/** Starts `promise` and reports, once promises have settled, whether it resolved or rejected. */
function watch(promise: Promise<void>): { done: boolean; error?: unknown } {
  const state: { done: boolean; error?: unknown } = { done: false };
  promise.then(
    () => (state.done = true),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PublishWindow', () => {
  it('lets publishes through up to maxBytes, then holds the next until acks make room', async () => {
    const window = new PublishWindow(100);
    const [first, second, third] = [publish(), publish(), publish()];
    const added = [watch(window.add(first.stored, 40)), watch(window.add(second.stored, 60))];
    await settle();
    expect(added.map((state) => state.done)).toEqual([true, true]);

    const overflowing = watch(window.add(third.stored, 30));
    await settle();
    expect(overflowing.done).toBe(false);
    first.ack();
    await settle();
    // 60 + 30 bytes are still unstored: within the window again.
    expect(overflowing).toEqual({ done: true });
  });

  it('settles only once every publish is stored', async () => {
    const window = new PublishWindow(1_000);
    const publishes = [publish(), publish()];
    for (const { stored } of publishes) await window.add(stored, 10);
    const settled = watch(window.settled());
    publishes[1].ack();
    await settle();
    expect(settled.done).toBe(false);
    publishes[0].ack();
    await settle();
    expect(settled).toEqual({ done: true });
  });

  it('fails a waiting add, and the whole window, with the first publish that failed', async () => {
    const window = new PublishWindow(10);
    const [refused, later] = [publish(), publish()];
    await window.add(refused.stored, 10);
    const waiting = watch(window.add(later.stored, 10));
    const failure = new Error('no stream takes the subject');
    refused.fail(failure);
    await settle();
    expect(waiting).toEqual({ done: true, error: failure });

    const settled = watch(window.settled());
    later.ack();
    await settle();
    expect(settled).toEqual({ done: true, error: failure });
  });

  it('settles at once when nothing was published', async () => {
    await expect(new PublishWindow(1).settled()).resolves.toBeUndefined();
  });
});
