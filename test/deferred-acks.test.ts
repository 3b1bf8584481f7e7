import { randomBytes } from 'node:crypto';
import { JetStreamManager, JsMsg, NatsConnection, connect } from 'nats';
import pino from 'pino';
import { DeferredAcks, JetStreamPublisher, JetStreamWorker, encodeJson } from '@hookline/messaging';
import { TEST_NATS_URL, eventually } from '@hookline/testing';

/** Longer than any test here: an ack held this long would fail the test that needs it sent. */
const HOLD_FOREVER_MS = 10 * 60_000;

/** Held acks go out with the connection's next publish or after their delay, and never stall a full consumer. */
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

  /** An each-mode worker whose handler records each message and acks it through the worker. */
  async function ackingWorker(durable: string, maxAckPending: number, acks: DeferredAcks) {
    const handled: JsMsg[] = [];
    const worker: JetStreamWorker = new JetStreamWorker(
      nc.jetstream(),
      jsm,
      { stream, durable, filterSubject: subject(durable), ackWaitMs: 30_000, maxAckPending, deferredAcks: acks },
      {
        mode: 'each',
        handle: async (msg) => {
          handled.push(msg);
          worker.ack(msg);
        },
      },
      pino({ enabled: false }),
    );
    workers.push(worker);
    await worker.start();
    return handled;
  }

  it('holds an ack until the next publish on the connection, which carries it', async () => {
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
    const handled = await ackingWorker('timed', 10, new DeferredAcks(200));
    await nc.publish(subject('timed'), encodeJson({ n: 1 }));
    await eventually(async () => expect(handled).toHaveLength(1));
    await eventually(async () => expect(await ackPending('timed')).toBe(0));
  });

  it('acks at once where the next message waits for the slot (max_ack_pending 1)', async () => {
    const handled = await ackingWorker('single-slot', 1, new DeferredAcks(HOLD_FOREVER_MS));
    for (let n = 1; n <= 3; n++) await nc.jetstream().publish(subject('single-slot'), encodeJson({ n }));
    // Held acks would keep the one slot taken, and the second message would never come.
    await eventually(async () => expect(handled.map((msg) => msg.json<{ n: number }>().n)).toEqual([1, 2, 3]));
    await eventually(async () => expect(await ackPending('single-slot')).toBe(0));
  });
});
