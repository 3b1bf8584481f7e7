import { status } from '@grpc/grpc-js';
import { ErrorBody } from '@hookline/contracts';

const BY_HTTP_STATUS: Record<number, status> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  409: status.ALREADY_EXISTS,
  413: status.RESOURCE_EXHAUSTED,
  422: status.INVALID_ARGUMENT,
  429: status.RESOURCE_EXHAUSTED,
  503: status.UNAVAILABLE,
};

/** The gRPC error for an HTTP-style error: standard status code, the body's detail as message. */
export function toGrpcError(httpStatus: number, body: ErrorBody): { code: status; message: string } {
  const message = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
  return { code: BY_HTTP_STATUS[httpStatus] ?? status.INTERNAL, message };
}
