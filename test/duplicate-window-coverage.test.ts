import { randomBytes } from 'node:crypto';
import { AckPolicy, JetStreamClient, JetStreamManager, JsMsg, NatsConnection, connect } from 'nats';
import { DuplicateWindowCoverage } from '@hookline/messaging';
import { TEST_NATS_URL } from '@hookline/testing';

/** 30 s of the window are kept as a margin, so this leaves 3 s in which a note counts. */
const DUPLICATE_WINDOW_NS = 33 * 1e9;
const USABLE_MS = 3_000;

/**
 * When a read model (here: a durable consumer the test acks by hand) may be missing a message the
 * stream's duplicate window no longer guards, against a real nats-server.
 */
describe('DuplicateWindowCoverage', () => {
  const stream = `COVERAGETEST_${randomBytes(4).toString('hex')}`;
  const subject = `${stream.toLowerCase()}.msg`;
  const durable = 'model';
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let coverage: DuplicateWindowCoverage;

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    js = nc.jetstream();
    jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [subject], duplicate_window: DUPLICATE_WINDOW_NS });
    await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit });
  });

  afterAll(async () => {
    coverage?.stop();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  const publish = async (count: number) => {
    for (let i = 0; i < count; i++) await js.publish(subject, new Uint8Array([i]));
  };
  /** Takes the next `count` messages off the consumer, unacked. */
  const take = async (count: number): Promise<JsMsg[]> => {
    const consumer = await js.consumers.get(stream, durable);
    const batch = await consumer.fetch({ max_messages: count, expires: 2_000 });
    const taken: JsMsg[] = [];
    for await (const msg of batch) taken.push(msg);
    expect(taken).toHaveLength(count);
    return taken;
  };
  const ackAll = async (msgs: JsMsg[]) => {
    for (const msg of msgs) await msg.ackAck();
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('counts a model as covered once it stored what the stream held at a note less than the usable window ago', async () => {
    await publish(3);
    const first = await take(3);
    coverage = new DuplicateWindowCoverage(jsm, stream, durable);
    coverage.start();
    // Three messages handed out, none stored yet: a repeat of one could pass unseen.
    expect(await coverage.covered()).toBe(false);

    await ackAll(first);
    expect(await coverage.covered()).toBe(true);

    // Behind again, and for longer than the usable window: every note it reached is too old.
    await publish(2);
    const second = await take(2);
    await sleep(USABLE_MS + 500);
    expect(await coverage.covered()).toBe(false);

    // A note taken while two were outstanding (by the check above) is reached once they are
    // stored, though a newer message is still on its way: the model is only a little behind.
    await publish(1);
    const third = await take(1);
    await ackAll(second);
    expect(await coverage.covered()).toBe(true);
    await ackAll(third);
  });
});
