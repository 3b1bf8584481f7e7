import { randomBytes } from 'node:crypto';
import { JetStreamManager, JsMsg, NatsConnection, connect } from 'nats';
import pino from 'pino';
import { DeferredAcks, JetStreamPublisher, JetStreamWorker, encodeJson } from '@hookline/messaging';
import { TEST_NATS_URL, eventually } from '@hookline/testing';

/** Longer than any test here: an ack held this long would fail the test that needs it sent. */
const HOLD_FOREVER_MS = 10 * 60_000;

/** Held acks go out before the publisher's next publish or after their delay, and never keep a full consumer waiting. */
describe('DeferredAcks', () => {
  const stream = `ACKTEST_${randomBytes(4).toString('hex')}`;
  const subject = (suffix: string) => `${stream.toLowerCase()}.${suffix}`;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const workers: JetStreamWorker[] = [];

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [subject('>')] });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  const ackPending = async (durable: string) => (await jsm.consumers.info(stream, durable)).num_ack_pending;

  /** An each-mode worker whose handler records each message, waits for `hold` if given, and acks it through the worker. */
  async function ackingWorker(durable: string, maxAckPending: number, acks: DeferredAcks, hold?: (n: number) => Promise<unknown>) {
    const handled: JsMsg[] = [];
    const worker: JetStreamWorker = new JetStreamWorker(
      nc.jetstream(),
      jsm,
      { stream, durable, filterSubject: subject(durable), ackWaitMs: 30_000, maxAckPending, deferredAcks: acks },
      {
        mode: 'each',
        handle: async (msg) => {
          handled.push(msg);
          await hold?.(msg.json<{ n: number }>().n);
          worker.ack(msg);
        },
      },
      pino({ enabled: false }),
    );
    workers.push(worker);
    await worker.start();
    return handled;
  }

  it('holds an ack until the publisher publishes next, and writes it first', async () => {
    const acks = new DeferredAcks(HOLD_FOREVER_MS);
    const publisher = new JetStreamPublisher(nc, { beforePublish: () => acks.flush() });
    const handled = await ackingWorker('held', 10, acks);
    await publisher.publish(subject('held'), encodeJson({ n: 1 }));
    await eventually(async () => expect(handled).toHaveLength(1));
    // The handler has returned, but its ack is still held.
    await nc.flush();
    expect(await ackPending('held')).toBe(1);

    await publisher.publish(subject('elsewhere'), encodeJson({}));
    await eventually(async () => expect(await ackPending('held')).toBe(0));
    publisher.close();
  });

  it('sends a held ack on its own once its delay is up', async () => {
    const handled = await ackingWorker('timed', 10, new DeferredAcks(3000));
    await nc.publish(subject('timed'), encodeJson({ n: 1 }));
    await eventually(async () => expect(handled).toHaveLength(1));
    await nc.flush();
    expect(await ackPending('timed')).toBe(1);
    await eventually(async () => expect(await ackPending('timed')).toBe(0));
  });

  it('acks at once where the next message waits for the slot (max_ack_pending 1)', async () => {
    const handled = await ackingWorker('single-slot', 1, new DeferredAcks(HOLD_FOREVER_MS));
    for (let n = 1; n <= 3; n++) await nc.jetstream().publish(subject('single-slot'), encodeJson({ n }));
    // Held acks would keep the one slot taken, and the second message would never come.
    await eventually(async () => expect(handled.map((msg) => msg.json<{ n: number }>().n)).toEqual([1, 2, 3]));
    await eventually(async () => expect(await ackPending('single-slot')).toBe(0));
  });

  it('writes held acks as soon as a new message fills the consumer (max_ack_pending 2)', async () => {
    // Message 1 is handled alone, so its ack is held. Message 2 then takes the last slot and stays
    // in the handler until message 3 has come, which it can only if message 1's ack went out.
    let thirdCame: () => void = () => undefined;
    const third = new Promise<void>((resolve) => (thirdCame = resolve));
    const handled = await ackingWorker('two-slots', 2, new DeferredAcks(HOLD_FOREVER_MS), async (n) => {
      if (n === 2) await third;
      if (n === 3) thirdCame();
    });
    await nc.jetstream().publish(subject('two-slots'), encodeJson({ n: 1 }));
    await eventually(async () => expect(handled).toHaveLength(1));
    for (const n of [2, 3]) await nc.jetstream().publish(subject('two-slots'), encodeJson({ n }));
    await eventually(async () => expect(handled.map((msg) => msg.json<{ n: number }>().n)).toEqual([1, 2, 3]));
  });
});
