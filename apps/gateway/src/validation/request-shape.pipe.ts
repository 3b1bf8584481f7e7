import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { HooklineError, UID_MAX_LENGTH, UID_PATTERN, ValidationIssue, unstorableIssue } from '@hookline/contracts';

/** Every id, uid, eventId and event type name has this shape; anything else cannot name a resource. */
export function refIssue(name: string, value: unknown, loc: string): ValidationIssue | undefined {
  if (typeof value === 'string' && value.length <= UID_MAX_LENGTH && UID_PATTERN.test(value)) return undefined;
  return { loc: [loc, name], msg: `${name} must be an id or uid: 1 to ${UID_MAX_LENGTH} letters, digits, -, _ or .`, type: 'value_error' };
}

/**
 * The shape of every REST request before a service sees it: path ids look like ids (a malformed
 * one is a 422, never a lookup), and a body, when there is one, is a JSON object that PostgreSQL
 * could store (no U+0000, bounded nesting).
 */
@Injectable()
export class RequestShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param' && metadata.data) {
      const issue = refIssue(metadata.data, value, 'path');
      if (issue) throw HooklineError.validation([issue]);
    }
    if (metadata.type === 'body' && value !== undefined) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw HooklineError.validation([{ loc: ['body'], msg: 'expected a JSON object', type: 'type_error' }]);
      }
      // Also fields a service ignores: no part of a rejected body may be stored.
      const issue = unstorableIssue(value, ['body']);
      if (issue) throw HooklineError.validation([issue]);
    }
    return value;
  }
}
