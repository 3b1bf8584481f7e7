import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, of } from 'rxjs';
import { HooklineError } from '@hookline/contracts';
import { IdempotencyRecord, IdempotencyStore } from './idempotency-store';

const HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 256;
/** Responses that carry credentials are never stored for replay. */
export const ISSUES_CREDENTIALS = /^\/api\/v1\/(api-key|auth\/)/;
const POLL_MS = 50;
const WAIT_LIMIT_MS = 30_000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/** The key is scoped to the caller's credentials and the route, so callers never see each other's responses. */
function storeKey(request: FastifyRequest, key: string): string {
  return createHash('sha256').update(`${request.headers.authorization ?? ''}\n${request.method} ${request.url}\n${key}`).digest('hex');
}

/**
 * `idempotency-key` on POST: the first 2xx response is replayed for 12 h; a duplicate that arrives
 * while the first is still running waits for its result. An interceptor, so it runs after the auth
 * guard: a credential revoked or expired since gets 401, not the stored response.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers[HEADER];
    if (request.method !== 'POST' || typeof header !== 'string' || header.length === 0) return next.handle();
    if (header.length > MAX_KEY_LENGTH) {
      throw HooklineError.validation([{ loc: ['header', HEADER], msg: `${HEADER} may be at most ${MAX_KEY_LENGTH} characters`, type: 'value_error' }]);
    }
    if (ISSUES_CREDENTIALS.test(request.url)) return next.handle();
    const key = storeKey(request, header);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const claim = await this.store.claim(key);
      if (claim.claimed) {
        request.idempotencyKey = key;
        return next.handle();
      }
      if (claim.record.state === 'done') return replay(context.switchToHttp().getResponse<FastifyReply>(), claim.record);
      if (Date.now() > deadline) throw HooklineError.conflict('a request with this idempotency-key is still in progress');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

function replay(reply: FastifyReply, record: Extract<IdempotencyRecord, { state: 'done' }>): Observable<unknown> {
  reply.code(record.status).header('content-type', 'application/json; charset=utf-8');
  return of(record.body || undefined);
}
