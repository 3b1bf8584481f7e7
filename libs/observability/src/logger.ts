import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Paths whose values never reach a log line. */
const REDACT = [
  'secret',
  '*.secret',
  'key',
  '*.key',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers',
  'token',
  '*.token',
  // A failed query's bound values: a batch of payloads, receiver responses and raw bodies, up to 16 MB.
  'err.parameters',
];

/** The root structured logger of one service; `destination` defaults to stdout. */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

/** Routes NestJS's own log calls into pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
