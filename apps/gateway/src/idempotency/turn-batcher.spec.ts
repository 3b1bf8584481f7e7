import { TurnBatcher } from './turn-batcher';

/** A batcher whose sends the test records; each input's output is its double. */
function recording(options = { maxCount: 3, maxBytes: 100 }, fail?: (inputs: number[]) => boolean) {
  const sent: number[][] = [];
  const batcher = new TurnBatcher<number, number>(
    async (inputs) => {
      sent.push(inputs);
      if (fail?.(inputs)) throw new Error(`batch ${inputs.join(',')} failed`);
      return inputs.map((input) => input * 2);
    },
    { ...options, sizeOf: (input) => input },
  );
  return { batcher, sent };
}

describe('TurnBatcher', () => {
  it('sends the calls of one turn together and answers each caller with its own output', async () => {
    const { batcher, sent } = recording();
    const outputs = await Promise.all([batcher.call(1), batcher.call(2), batcher.call(3)]);
    expect(sent).toEqual([[1, 2, 3]]);
    expect(outputs).toEqual([2, 4, 6]);
    await batcher.call(4);
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('splits a turn by count and by bytes, and sends an input larger than the byte limit alone', async () => {
    const { batcher, sent } = recording();
    await Promise.all([1, 2, 3, 4, 60, 50, 150, 5].map((input) => batcher.call(input)));
    expect(sent).toEqual([[1, 2, 3], [4, 60], [50], [150], [5]]);
  });

  it('fails only the callers of the batch that failed', async () => {
    const { batcher } = recording({ maxCount: 2, maxBytes: 100 }, (inputs) => inputs.includes(3));
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((input) => batcher.call(input)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
  });

  it('with a linger, sends calls of different turns together, and drain sends them at once and waits for the answers', async () => {
    const sent: number[][] = [];
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const batcher = new TurnBatcher<number, number>(
      async (inputs) => {
        sent.push(inputs);
        await answered;
        return inputs;
      },
      { maxCount: 10, maxBytes: 100, sizeOf: () => 1, lingerMs: 60_000 },
    );
    const first = batcher.call(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.call(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([]);

    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    expect(sent).toEqual([[1, 2]]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    answer();
    await draining;
    expect(await Promise.all([first, second])).toEqual([1, 2]);
  });
});
