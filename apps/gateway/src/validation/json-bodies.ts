import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { HooklineError } from '@hookline/contracts';

/** Where a request keeps its body as sent: the JSON text that was parsed into `request.body`. */
const RAW_JSON = Symbol('rawJson');
type RequestWithRawJson = FastifyRequest & { [RAW_JSON]?: string };

/**
 * Request bodies are JSON only: any other content type is answered 415 by fastify, and a body that
 * does not parse (or is empty, or sets `__proto__`) is a 422 `value_error.jsondecode`, as Svix
 * answers it. Expects Nest's own body parsers to be off (`bodyParser: false`).
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parse(request, body as string, (error, value) => {
      if (error) return done(HooklineError.validation([{ loc: ['body'], msg: error.message, type: 'value_error.jsondecode' }]), undefined);
      (request as RequestWithRawJson)[RAW_JSON] = body as string;
      done(null, value);
    }),
  );
}

/** The body as the client sent it (JSON text), for what must pass on exactly: a message's payload. */
export const RawJsonBody = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  return context.switchToHttp().getRequest<RequestWithRawJson>()[RAW_JSON];
});
