import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** One entry of a 422 body, as Svix reports validation failures. */
@ApiSchema({ name: 'ValidationError' })
export class ValidationIssue {
  @ApiProperty({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, example: ['body', 'url'] })
  loc: (string | number)[];
  @ApiProperty()
  msg: string;
  @ApiProperty({ example: 'value_error' })
  type: string;
}

/** The body of a 4xx other than 422. */
export class HttpErrorOut {
  @ApiProperty({ example: 'conflict' })
  code: string;
  @ApiProperty({ example: 'an endpoint with uid billing-primary already exists' })
  detail: string;
}

/** The body of a 422. */
@ApiSchema({ name: 'HTTPValidationError' })
export class HttpValidationError {
  @ApiProperty({ type: [ValidationIssue] })
  detail: ValidationIssue[];
}

/** The JSON body of every 4xx: `{code, detail}`, or the 422 list of issues. */
export interface ErrorBody {
  code?: string;
  detail: string | ValidationIssue[];
}

/**
 * An error a client caused or can act on. It crosses the NATS request/reply boundary as its body
 * and status, so the gateway answers exactly what the owning service decided.
 */
export class HooklineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string | ValidationIssue[],
  ) {
    super(typeof detail === 'string' ? detail : `${code}: ${detail.map((issue) => issue.msg).join('; ')}`);
  }

  get body(): ErrorBody {
    return Array.isArray(this.detail) ? { detail: this.detail } : { code: this.code, detail: this.detail };
  }

  static validation(issues: ValidationIssue[]): HooklineError {
    return new HooklineError(422, 'validation', issues);
  }

  static notFound(what: string): HooklineError {
    return new HooklineError(404, 'not_found', `${what} not found`);
  }

  static conflict(detail: string): HooklineError {
    return new HooklineError(409, 'conflict', detail);
  }

  static badRequest(detail: string): HooklineError {
    return new HooklineError(400, 'bad_request', detail);
  }

  static unauthorized(detail = 'Invalid or missing authentication token'): HooklineError {
    return new HooklineError(401, 'authentication_failed', detail);
  }

  static unavailable(detail: string): HooklineError {
    return new HooklineError(503, 'unavailable', detail);
  }
}
