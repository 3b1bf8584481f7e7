import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdempotencyStore } from './idempotency-store';

/**
 * Stores the response of a request that claimed an idempotency key (see IdempotencyInterceptor)
 * once it is serialised: a 2xx for replay, anything else frees the key for a retry.
 */
export function storeIdempotentResponses(fastify: FastifyInstance, store: IdempotencyStore): void {
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    if (reply.statusCode >= 200 && reply.statusCode < 300) await store.complete(key, reply.statusCode, typeof payload === 'string' ? payload : '');
    else await store.release(key);
    return payload;
  });
}
