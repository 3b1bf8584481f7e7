import { FastifyInstance } from 'fastify';
import { HooklineError } from '@hookline/contracts';

/**
 * Request bodies are JSON only: any other content type is answered 415 by fastify, and a body that
 * does not parse (or is empty, or sets `__proto__`) is a 422 `value_error.jsondecode`, as Svix
 * answers it. Expects Nest's own body parsers to be off (`bodyParser: false`).
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parse(request, body as string, (error, value) =>
      error ? done(HooklineError.validation([{ loc: ['body'], msg: error.message, type: 'value_error.jsondecode' }]), undefined) : done(null, value),
    ),
  );
}
