import { randomBytes } from 'node:crypto';
import { NatsConnection, connect, headers } from 'nats';
import { JetStreamPublisher, encodeJson } from '@hookline/messaging';
import { TEST_NATS_URL } from '@hookline/testing';

/** The pipelined publisher keeps `js.publish`'s promises: stored, duplicate, refused, unanswered. */
describe('JetStreamPublisher', () => {
  const stream = `PUBTEST_${randomBytes(4).toString('hex')}`;
  const subject = (suffix: string) => `${stream.toLowerCase()}.${suffix}`;
  let nc: NatsConnection;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    await (await nc.jetstreamManager()).streams.add({ name: stream, subjects: [subject('>')] });
    publisher = new JetStreamPublisher(nc);
  });

  afterAll(async () => {
    publisher?.close();
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  it('resolves each publish with its own ack once the stream stored it', async () => {
    const acks = await Promise.all(Array.from({ length: 200 }, (_, i) => publisher.publish(subject(`a.${i % 7}`), encodeJson({ i }))));
    expect(acks.map((ack) => ack.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(acks.every((ack) => ack.stream === stream && !ack.duplicate)).toBe(true);
    const stored = await (await nc.jetstreamManager()).streams.getMessage(stream, { seq: 137 });
    expect(stored.json()).toEqual({ i: 136 });
  });

  it('reports a second publish with the same Nats-Msg-Id as a duplicate', async () => {
    const first = await publisher.publish(subject('dedup'), encodeJson({ n: 1 }), { msgID: 'same-id' });
    const second = await publisher.publish(subject('dedup'), encodeJson({ n: 2 }), { msgID: 'same-id' });
    expect(second).toMatchObject({ seq: first.seq, duplicate: true });
  });

  it('rejects a publish the stream refuses', async () => {
    const expectOther = headers();
    expectOther.set('Nats-Expected-Stream', 'SOME_OTHER_STREAM');
    await expect(publisher.publish(subject('refused'), encodeJson({}), { headers: expectOther })).rejects.toThrow(/expected stream does not match/i);
  });

  it('rejects a publish to a subject no stream takes', async () => {
    await expect(publisher.publish(`nostream.${randomBytes(4).toString('hex')}`, encodeJson({}))).rejects.toThrow(/503/);
  });

  it('rejects an unreadable ack and keeps the connection working', async () => {
    const garbler = nc.subscribe(`garbled.${stream}`, { callback: (_error, msg) => msg.respond(encodeJson('not an ack').subarray(1)) });
    await nc.flush();
    await expect(publisher.publish(`garbled.${stream}`, encodeJson({}))).rejects.toThrow(/unreadable ack/);
    await expect(publisher.publish(subject('after-garble'), encodeJson({}))).resolves.toMatchObject({ stream });
    garbler.unsubscribe();
  });

  it('refuses publishes once closed', async () => {
    const closing = new JetStreamPublisher(nc);
    closing.close();
    await expect(closing.publish(subject('closed'), encodeJson({}))).rejects.toThrow(/closed/);
  });

  it('rejects a publish nobody acknowledges once its time is up', async () => {
    const silent = nc.subscribe(`silent.${stream}`);
    await nc.flush();
    // A short timeout of its own: the shared publisher keeps the default, which a loaded machine needs.
    const impatient = new JetStreamPublisher(nc, { ackTimeoutMs: 500 });
    await expect(impatient.publish(`silent.${stream}`, encodeJson({}))).rejects.toThrow(/timed out after 500 ms/);
    impatient.close();
    silent.unsubscribe();
  });
});
