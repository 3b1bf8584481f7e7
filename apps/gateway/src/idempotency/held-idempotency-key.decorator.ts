import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { HeldIdempotencyKey } from './idempotency.hooks';

/** The idempotency-key the request holds, if it came with one (see registerIdempotency). */
export const HeldIdempotency = createParamDecorator((_data: unknown, context: ExecutionContext): HeldIdempotencyKey | undefined => {
  return context.switchToHttp().getRequest<FastifyRequest>().idempotencyClaim;
});
