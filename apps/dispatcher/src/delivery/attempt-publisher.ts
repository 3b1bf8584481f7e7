import { Injectable } from '@nestjs/common';
import { AttemptRecorded } from '@hookline/contracts';
import { NatsClients } from '@hookline/messaging';

/** Room left in a NATS message for the batch wrapper and headers. */
const ENVELOPE_BYTES = 1024;
const MAX_ATTEMPTS_PER_BATCH = 500;

interface PendingAttempt {
  id: string;
  json: string;
  bytes: number;
  stored: () => void;
  failed: (error: unknown) => void;
}

interface SubjectQueue {
  pending: PendingAttempt[];
  flushing: boolean;
}

/**
 * Stores attempt outcomes on ATTEMPTS, batched per endpoint subject: attempts that finish while
 * the previous batch of their endpoint is being stored wait and go out together as one message
 * (`AttemptsRecorded`). Under load this turns hundreds of publishes, server acks and
 * attempt-log acks into one each; an idle endpoint's attempt goes out on the next turn of the
 * event loop. Each caller's promise settles when its own attempt is stored (or failed to be).
 */
@Injectable()
export class AttemptPublisher {
  private readonly queues = new Map<string, SubjectQueue>();

  constructor(private readonly nats: NatsClients) {}

  publish(attempt: AttemptRecorded): Promise<void> {
    const subject = this.nats.names.attempt(attempt.orgId, attempt.appId, attempt.endpointId);
    let queue = this.queues.get(subject);
    if (!queue) {
      queue = { pending: [], flushing: false };
      this.queues.set(subject, queue);
    }
    const json = JSON.stringify(attempt);
    const stored = new Promise<void>((resolve, reject) => queue.pending.push({ id: attempt.id, json, bytes: Buffer.byteLength(json), stored: resolve, failed: reject }));
    if (!queue.flushing) {
      queue.flushing = true;
      // Attempts whose responses arrive in this turn of the event loop join the first batch.
      setImmediate(() => void this.flush(subject, queue));
    }
    return stored;
  }

  private async flush(subject: string, queue: SubjectQueue): Promise<void> {
    while (queue.pending.length > 0) {
      const batch = this.takeBatch(queue);
      const data = Buffer.from(`{"attempts":[${batch.map((a) => a.json).join(',')}]}`);
      // A failed batch fails every delivery in it (each is then redelivered), so it is tried
      // twice; the first attempt's id makes the second a no-op if the first was stored after all.
      const publish = () => this.nats.publisher.publish(subject, data, { msgID: batch[0].id });
      try {
        await publish().catch(publish);
        for (const attempt of batch) attempt.stored();
      } catch (error) {
        for (const attempt of batch) attempt.failed(error);
      }
    }
    queue.flushing = false;
    this.queues.delete(subject);
  }

  /** As many waiting attempts as fit in one NATS message. */
  private takeBatch(queue: SubjectQueue): PendingAttempt[] {
    const budget = this.nats.maxPayloadBytes - ENVELOPE_BYTES;
    let bytes = 0;
    let count = 0;
    while (count < queue.pending.length && count < MAX_ATTEMPTS_PER_BATCH) {
      bytes += queue.pending[count].bytes + 1;
      if (count > 0 && bytes > budget) break;
      count++;
    }
    return queue.pending.splice(0, count);
  }
}
