import { Injectable, OnModuleInit } from '@nestjs/common';
import { KV, StorageType } from 'nats';
import { NatsClients, decodeJson, encodeJson } from '@hookline/messaging';

/** How long a first response is replayed, as Svix. */
const TTL_MS = 12 * 3600 * 1000;
/** A request still pending after this long is presumed dead (its gateway crashed): another may take over. */
const ABANDONED_AFTER_MS = 60_000;

export type IdempotencyRecord = { state: 'pending'; since: number } | { state: 'done'; status: number; body: string };

export type Claim = { claimed: true; revision: number } | { claimed: false; record: IdempotencyRecord };

/**
 * Remembers the first 2xx response per idempotency key for 12 h, in a JetStream key-value bucket
 * (so every gateway replica sees it). A key is claimed atomically by the first request.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  private kv!: KV;

  constructor(private readonly nats: NatsClients) {}

  async onModuleInit(): Promise<void> {
    this.kv = await this.nats.js.views.kv(this.nats.names.idempotencyBucket(), { ttl: TTL_MS, history: 1, storage: StorageType.File });
  }

  /** Claims the key for this request, or returns what the first request left there. */
  async claim(key: string): Promise<Claim> {
    const pending: IdempotencyRecord = { state: 'pending', since: Date.now() };
    try {
      return { claimed: true, revision: await this.kv.create(key, encodeJson(pending)) };
    } catch {
      const entry = await this.kv.get(key);
      if (!entry || entry.operation !== 'PUT') return this.claim(key);
      const record = decodeJson(entry.value) as IdempotencyRecord;
      if (record.state === 'pending' && Date.now() - record.since > ABANDONED_AFTER_MS) {
        return { claimed: true, revision: await this.kv.update(key, encodeJson(pending), entry.revision) };
      }
      return { claimed: false, record };
    }
  }

  async complete(key: string, status: number, body: string): Promise<void> {
    await this.kv.put(key, encodeJson({ state: 'done', status, body } satisfies IdempotencyRecord));
  }

  /** Frees the key after a failed request, so a retry runs anew (only 2xx responses are replayed). */
  async release(key: string): Promise<void> {
    await this.kv.delete(key);
  }
}
