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
});
