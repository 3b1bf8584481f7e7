import { randomBytes } from 'node:crypto';
import { JetStreamClient, JetStreamManager, JsMsg, NatsConnection, connect } from 'nats';
import pino from 'pino';
import { JetStreamWorker, encodeJson } from '@hookline/messaging';
import { TEST_NATS_URL, eventually } from '@hookline/testing';

/** Long enough that three publishes always land inside it, even on a loaded machine. */
const LINGER_MS = 1000;

/** How messages are grouped into the handler's batches, and kept from redelivery while handled. */
describe('JetStreamWorker', () => {
  const stream = `WORKERTEST_${randomBytes(4).toString('hex')}`;
  const subject = `${stream.toLowerCase()}.work`;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let stopWorker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    js = nc.jetstream();
    jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [subject] });
  });

  /** Streams of a single test, deleted once its worker has stopped. */
  const ownStreams: string[] = [];
  async function addOwnStream(suffix: string): Promise<{ name: string; subject: string }> {
    const name = `${stream}_${suffix}`;
    const ownSubject = `${name.toLowerCase()}.work`;
    await jsm.streams.add({ name, subjects: [ownSubject] });
    ownStreams.push(name);
    return { name, subject: ownSubject };
  }

  /**
   * An each-mode worker on `streamName` that may hold up to `maxHeld()` of 50; its handler waits for
   * `hold(n)` before acking message n, and `seen` counts how many messages it holds at once.
   */
  function holdingWorker(streamName: string, durable: string, maxHeld: () => number, hold: (n: number) => Promise<unknown>) {
    const seen = { holding: 0, mostHeld: 0, handled: [] as number[] };
    const worker = new JetStreamWorker(
      js,
      jsm,
      { stream: streamName, durable, ackWaitMs: 30_000, maxAckPending: 50, maxHeld },
      {
        mode: 'each',
        handle: async (msg) => {
          const n = msg.json<{ n: number }>().n;
          seen.mostHeld = Math.max(seen.mostHeld, ++seen.holding);
          await hold(n);
          seen.handled.push(n);
          seen.holding--;
          msg.ack();
        },
      },
      pino({ enabled: false }),
    );
    return { worker, seen };
  }

  afterEach(async () => {
    await stopWorker?.();
    stopWorker = undefined;
    for (const name of ownStreams.splice(0)) await jsm.streams.delete(name);
  });

  afterAll(async () => {
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  it('lets what arrived while a batch was handled wait a linger for more before the next batch', async () => {
    const durable = 'relinger';
    const batches: number[][] = [];
    let releaseFirst!: () => void;
    const firstReleased = new Promise<void>((resolve) => (releaseFirst = resolve));
    const worker = new JetStreamWorker(
      js,
      jsm,
      { stream, durable, ackWaitMs: 30_000, maxAckPending: 100, lingerMs: LINGER_MS },
      {
        mode: 'batch',
        handle: async (batch) => {
          batches.push(batch.map((msg) => msg.json<{ n: number }>().n));
          if (batches.length === 1) await firstReleased;
          for (const msg of batch) msg.ack();
        },
      },
      pino({ enabled: false }),
    );
    await worker.start();
    stopWorker = () => worker.stop();
    await js.publish(subject, encodeJson({ n: 1 }));
    await eventually(() => expect(batches).toEqual([[1]]));

    // Message 2 reaches the worker while batch 1 is still being handled: the server has handed it
    // out (and on this same connection, it reached the worker before the info reply did).
    await js.publish(subject, encodeJson({ n: 2 }));
    await eventually(async () => expect((await jsm.consumers.info(stream, durable)).num_ack_pending).toBe(2));
    releaseFirst();
    for (const n of [3, 4, 5]) await js.publish(subject, encodeJson({ n }));

    await eventually(() => expect(batches.flat()).toHaveLength(5));
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it.each(['batch', 'each'] as const)('keeps messages its %s handler holds past the ack wait, and those waiting meanwhile, from being handed out again', async (mode) => {
    // A stream of its own, holding only this test's messages.
    const { name: slowStream, subject: slowSubject } = await addOwnStream(`SLOW_${mode.toUpperCase()}`);
    const durable = 'slow';
    const ackWaitMs = 2000;
    const handled: number[] = [];
    const handle = async (batch: JsMsg[]) => {
      handled.push(...batch.map((msg) => msg.json<{ n: number }>().n));
      await new Promise((resolve) => setTimeout(resolve, ackWaitMs * 2.5));
      for (const msg of batch) msg.ack();
    };
    const worker = new JetStreamWorker(
      js,
      jsm,
      { stream: slowStream, durable, ackWaitMs, maxAckPending: 10 },
      mode === 'batch' ? { mode, handle } : { mode, handle: (msg) => handle([msg]) },
      pino({ enabled: false }),
    );
    await worker.start();
    stopWorker = () => worker.stop();
    await js.publish(slowSubject, encodeJson({ n: 1 }));
    await eventually(() => expect(handled).toEqual([1]));
    // In batch mode the second waits for the first batch, longer than the ack wait.
    await js.publish(slowSubject, encodeJson({ n: 2 }));
    await eventually(async () => expect((await jsm.consumers.info(slowStream, durable)).ack_floor.stream_seq).toBe(2), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // A message handed out again would have been handled again.
    expect(handled).toEqual([1, 2]);
  }, 60_000);
  it('in each mode holds no more messages than maxHeld allows, the rest staying in the stream, and takes more when it allows more', async () => {
    const durable = 'held';
    const { name: heldStream, subject: heldSubject } = await addOwnStream('HELD');
    let maxHeld = 3;
    // The server alone would hand out 50 at once.
    const { worker, seen } = holdingWorker(heldStream, durable, () => maxHeld, () => new Promise((resolve) => setTimeout(resolve, 20)));
    stopWorker = () => worker.stop();
    for (let n = 0; n < 30; n++) await js.publish(heldSubject, encodeJson({ n }));
    await worker.start();

    let mostPending = 0;
    await eventually(async () => {
      mostPending = Math.max(mostPending, (await jsm.consumers.info(heldStream, durable)).num_ack_pending);
      expect(seen.handled.length).toBeGreaterThanOrEqual(15);
    }, 30_000, 10);
    expect(seen.mostHeld).toBe(3);
    expect(mostPending).toBeLessThanOrEqual(3);

    maxHeld = 10;
    for (let n = 30; n < 60; n++) await js.publish(heldSubject, encodeJson({ n }));
    await eventually(() => expect(seen.handled).toHaveLength(60), 30_000);
    expect(seen.mostHeld).toBeGreaterThan(3);
    expect(seen.mostHeld).toBeLessThanOrEqual(10);
    expect([...seen.handled].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
  }, 60_000);
  it('in each mode keeps its pulls small while fed a trickle, so a burst after it is not taken at once', async () => {
    const durable = 'trickle';
    const { name: ownStream, subject: ownSubject } = await addOwnStream('TRICKLE');
    let maxHeld = 50;
    let releaseBurst!: () => void;
    const burstReleased = new Promise<void>((resolve) => (releaseBurst = resolve));
    const { worker, seen } = holdingWorker(ownStream, durable, () => maxHeld, async (n) => {
      if (n >= 100) await burstReleased;
    });
    await worker.start();
    stopWorker = async () => {
      releaseBurst();
      await worker.stop();
    };
    // One every 400 ms, each handled before the next: a pull of 4 takes more than a second to fill.
    // Pulls doubling whenever full would have grown to 16 (4 + 8 messages, then 8 more in the open pull).
    for (let n = 0; n < 20; n++) {
      await js.publish(ownSubject, encodeJson({ n }));
      await eventually(() => expect(seen.handled).toHaveLength(n + 1), 10_000, 5);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    // Other lanes become busy: this one may now hold 3. A pull left open at 16 would take 8 of the burst.
    maxHeld = 3;
    seen.mostHeld = 0;
    for (let n = 100; n < 140; n++) await js.publish(ownSubject, encodeJson({ n }));
    await eventually(() => expect(seen.holding).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.mostHeld).toBeLessThanOrEqual(4);

    releaseBurst();
    await eventually(() => expect(seen.handled).toHaveLength(60), 30_000);
  }, 60_000);
  it('in each mode sets its consumer up again when it is deleted from under it', async () => {
    const durable = 'recreated';
    const { name: ownStream, subject: ownSubject } = await addOwnStream('RECREATED');
    const handled: number[] = [];
    const worker = new JetStreamWorker(
      js,
      jsm,
      { stream: ownStream, durable, ackWaitMs: 30_000, maxAckPending: 10 },
      { mode: 'each', handle: async (msg) => void (handled.push(msg.json<{ n: number }>().n), msg.ack()) },
      pino({ enabled: false }),
    );
    await worker.start();
    stopWorker = () => worker.stop();
    await js.publish(ownSubject, encodeJson({ n: 1 }));
    await eventually(() => expect(handled).toEqual([1]));

    await jsm.consumers.delete(ownStream, durable);
    await js.publish(ownSubject, encodeJson({ n: 2 }));
    // The new consumer starts from the stream's first message again.
    await eventually(() => expect(handled).toContain(2), 30_000);
    expect((await jsm.consumers.info(ownStream, durable)).config.max_ack_pending).toBe(10);
  }, 60_000);
});
