import { DiscardPolicy, JetStreamManager, RetentionPolicy, StorageType, StreamConfig } from 'nats';
import { NatsNames, StreamKind } from '@hookline/contracts';

const DAY_NS = 24 * 3600 * 1e9;
const TWO_MINUTES_NS = 120 * 1e9;

/** How long accepted messages (payloads) stay in MESSAGES. */
const MESSAGES_MAX_AGE_DAYS = 90;
/** How long attempt outcomes stay in ATTEMPTS (the attempt log keeps its own copy). */
const ATTEMPTS_MAX_AGE_DAYS = 30;

function streamConfigs(names: NatsNames): Partial<StreamConfig>[] {
  const common = { storage: StorageType.File, duplicate_window: TWO_MINUTES_NS, discard: DiscardPolicy.Old };
  return [
    { ...common, name: names.stream(StreamKind.Registry), subjects: [names.streamSubjects(StreamKind.Registry)], retention: RetentionPolicy.Limits, max_age: 0 },
    { ...common, name: names.stream(StreamKind.Messages), subjects: [names.streamSubjects(StreamKind.Messages)], retention: RetentionPolicy.Limits, max_age: MESSAGES_MAX_AGE_DAYS * DAY_NS },
    { ...common, name: names.stream(StreamKind.Deliveries), subjects: [names.streamSubjects(StreamKind.Deliveries)], retention: RetentionPolicy.Workqueue, max_age: 0 },
    { ...common, name: names.stream(StreamKind.Retries), subjects: [names.streamSubjects(StreamKind.Retries)], retention: RetentionPolicy.Workqueue, max_age: 0 },
    { ...common, name: names.stream(StreamKind.Attempts), subjects: [names.streamSubjects(StreamKind.Attempts)], retention: RetentionPolicy.Limits, max_age: ATTEMPTS_MAX_AGE_DAYS * DAY_NS },
  ];
}

/** Creates the streams, or brings their configuration up to date; safe to call from every service. */
export async function provisionStreams(jsm: JetStreamManager, names: NatsNames): Promise<void> {
  for (const config of streamConfigs(names)) {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      if (!/already in use|stream name already/i.test((error as Error).message)) throw error;
      const { retention: _fixed, ...updatable } = config;
      await jsm.streams.update(config.name!, updatable);
    }
  }
}
