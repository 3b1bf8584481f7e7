import { createHash } from 'node:crypto';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { HooklineError, IdempotencyRecord } from '@hookline/contracts';
import { Authenticator, Principal } from '../auth/authenticator';
import { IdempotencyStore } from './idempotency-store';

const HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 256;
/** Responses that carry credentials are never stored for replay. */
export const ISSUES_CREDENTIALS = /^\/api\/v1\/(api-key|auth\/)/;
const POLL_MS = 50;
const WAIT_LIMIT_MS = 30_000;

/** The key a request holds while it runs. */
export interface HeldIdempotencyKey {
  key: string;
  claimId: string;
  /** Set once the response is on its way to the store with the request's message (a message create). */
  settledByMessage?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim?: HeldIdempotencyKey;
  }
}

/** The key is scoped to the caller's credentials and the route, so callers never see each other's responses. */
function storeKey(request: FastifyRequest, key: string): string {
  return createHash('sha256').update(`${request.headers.authorization ?? ''}\n${request.method} ${request.url}\n${key}`).digest('hex');
}

/**
 * `idempotency-key` on POST: the first 2xx response is replayed for 12 h; a duplicate that arrives
 * while the first is still running waits for its result. A Fastify hook, so it runs before Nest's
 * guard: a replay goes only to a credential that still authenticates, and anything else goes on to
 * the guard, which refuses it (a key revoked or a portal token expired since the first request).
 */
export function registerIdempotency(fastify: FastifyInstance, store: IdempotencyStore, authenticator: Authenticator, logger: Logger): void {
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers[HEADER];
    if (request.method !== 'POST' || typeof header !== 'string' || header.length === 0) return;
    if (header.length > MAX_KEY_LENGTH) {
      const issue = { loc: ['header', HEADER], msg: `${HEADER} may be at most ${MAX_KEY_LENGTH} characters`, type: 'value_error' };
      return reply.code(422).send({ detail: [issue] });
    }
    if (ISSUES_CREDENTIALS.test(request.url)) return;
    const caller = await callerOf(authenticator, request);
    if (!caller) return;
    request.principal = caller;
    const key = storeKey(request, header);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (let waiting = false; ; waiting = true) {
      const claim = await store.claim(key, caller.orgId, waiting);
      if (claim.claimed) {
        request.idempotencyClaim = { key, claimId: claim.claimId };
        return;
      }
      // Checked again after any wait for the first request: a key revoked meanwhile gets no replay.
      if (claim.record.state === 'done') return caller.stillValid() ? replay(reply, claim.record) : undefined;
      if (Date.now() > deadline) {
        return reply.code(409).send({ code: 'conflict', detail: 'a request with this idempotency-key is still in progress' });
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });

  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    // The request itself succeeded or failed already: its caller gets that answer. A key that
    // cannot be settled stays claimed, so a retry waits, and runs anew once the claim counts as abandoned.
    const unsettled = (error: unknown) => logger.warn({ err: error, method: request.method, url: request.url }, 'idempotency key could not be settled');
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      if (claim.settledByMessage) return payload;
      // Stored after the reply goes out: a retry arriving first waits for it, as for any running request.
      store.complete(claim.key, claim.claimId, reply.statusCode, typeof payload === 'string' ? payload : '').catch(unsettled);
    } else {
      // Freed before the reply, so that a retry runs anew.
      await store.release(claim.key, claim.claimId).catch(unsettled);
    }
    return payload;
  });

  // Runs once the last requests have been answered, while NATS is still connected.
  fastify.addHook('onClose', async () => {
    await store.drain();
  });
}

/** Who is calling, or undefined when the credential does not authenticate (the guard then answers 401). */
async function callerOf(authenticator: Authenticator, request: FastifyRequest): Promise<Principal | undefined> {
  try {
    return await authenticator.authenticate(request.headers.authorization);
  } catch (error) {
    if (error instanceof HooklineError && error.status === 401) return undefined;
    throw error;
  }
}

function replay(reply: FastifyReply, record: Extract<IdempotencyRecord, { state: 'done' }>): FastifyReply {
  reply.code(record.status).header('content-type', 'application/json; charset=utf-8');
  return record.body ? reply.send(record.body) : reply.send();
}
