import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { FastifyReply } from 'fastify';
import { Logger } from 'pino';
import { ErrorBody, HooklineError, UID_MAX_LENGTH } from '@hookline/contracts';
import { LOGGER } from '@hookline/observability';
import { toGrpcError } from '../grpc/grpc-status';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'authentication_failed',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation',
  429: 'rate_limited',
};

/** Maps any error to Svix's error bodies: `{code, detail}`, or `{detail: [...]}` for 422. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } | undefined {
  if (error instanceof HooklineError) return { status: error.status, body: error.body };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { status, body: { code: CODES[status] ?? 'error', detail: error.message } };
  }
  const fastifyError = error as { statusCode?: number; message?: string };
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, body: { code: CODES[fastifyError.statusCode] ?? 'bad_request', detail: fastifyError.message ?? 'Bad request' } };
  }
  return undefined;
}

/** Errors fastify's router answers before Nest sees the request: a path id longer than any id, or not percent-decodable. */
export function frameworkErrorResponse(error: { code?: string; message: string }): { status: number; body: ErrorBody } {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return { status: 422, body: { detail: [{ loc: ['path'], msg: `path ids are at most ${UID_MAX_LENGTH} characters`, type: 'value_error' }] } };
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return { status: 422, body: { detail: [{ loc: ['path'], msg: 'the path is not valid percent-encoding', type: 'value_error' }] } };
  }
  return { status: 400, body: { code: 'bad_request', detail: error.message } };
}

/** Answers every error of the REST API with Svix's bodies, and of the gRPC API with standard status codes. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') {
      const mapped = toErrorResponse(error);
      if (!mapped) this.logger.error({ err: error }, 'unhandled error');
      return throwError(() => toGrpcError(mapped?.status ?? 500, mapped?.body ?? { detail: 'Internal error' }));
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const mapped = toErrorResponse(error);
    if (mapped) {
      void reply.status(mapped.status).send(mapped.body);
      return;
    }
    this.logger.error({ err: error }, 'unhandled error');
    void reply.status(500).send({ code: 'internal', detail: 'Internal server error' });
  }
}
