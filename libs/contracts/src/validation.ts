import { ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, registerDecorator, ValidationError, ValidationOptions, ValidationTypes, validateSync } from 'class-validator';
import { HooklineError, ValidationIssue } from './errors';
import { FlatValidator, compileFlatValidator } from './flat-validator';

function toIssues(errors: ValidationError[], loc: (string | number)[]): ValidationIssue[] {
  return errors.flatMap((error) => {
    const path = [...loc, error.property];
    const own = Object.values(error.constraints ?? {}).map((msg) => ({ loc: path, msg, type: 'value_error' }));
    return [...own, ...toIssues(error.children ?? [], path)];
  });
}

/** Deepest JSON nesting accepted anywhere, as serde_json's default recursion limit (Svix). */
export const MAX_JSON_DEPTH = 128;

/**
 * `text` with what PostgreSQL cannot store replaced by U+FFFD: NUL, and UTF-16 surrogates without
 * their other half (JSON.parse lets `"\ud800"` through, PostgreSQL does not).
 */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, '\uFFFD').toWellFormed();
}

function unstorableTextReason(text: string, what: 'strings' | 'keys'): string | undefined {
  if (text.includes('\u0000')) return `${what} may not contain the NUL character (U+0000)`;
  if (!text.isWellFormed()) return `${what} may not contain an unpaired UTF-16 surrogate`;
  return undefined;
}

/** Where in `value` (path below it) PostgreSQL could not store a string or key, or nesting goes too deep. */
interface Unstorable {
  path: (string | number)[];
  msg: string;
  tooDeep?: boolean;
}

function findUnstorable(value: unknown, depth: number): Unstorable | undefined {
  if (typeof value === 'string') {
    const msg = unstorableTextReason(value, 'strings');
    return msg ? { path: [], msg } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH) return { path: [], msg: `JSON may be nested at most ${MAX_JSON_DEPTH} levels deep`, tooDeep: true };
  const isArray = Array.isArray(value);
  // Paths are built only on the way back from a finding: the walk itself allocates nothing per node.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const keyMsg = unstorableTextReason(key, 'keys');
    if (keyMsg) return { path: [isArray ? Number(key) : key], msg: keyMsg };
    const found = findUnstorable((value as Record<string, unknown>)[key], depth + 1);
    if (found) {
      found.path.unshift(isArray ? Number(key) : key);
      return found;
    }
  }
  return undefined;
}

/**
 * The first value PostgreSQL could not store or that is nested too deep to walk safely: a string
 * or key holding U+0000 or an unpaired surrogate (text and jsonb cannot), or nesting beyond MAX_JSON_DEPTH.
 */
export function unstorableIssue(value: unknown, loc: (string | number)[]): ValidationIssue | undefined {
  const found = findUnstorable(value, loc.length);
  if (!found) return undefined;
  const path = [...loc, ...found.path];
  // Too deep: point at the top of the value rather than 129 levels down.
  return { loc: found.tooDeep ? path.slice(0, 2) : path, msg: found.msg, type: 'value_error' };
}

function requireObject(plain: unknown, loc: string): asserts plain is Record<string, unknown> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw HooklineError.validation([{ loc: [loc], msg: 'expected a JSON object', type: 'type_error' }]);
  }
  const unstorable = unstorableIssue(plain, [loc]);
  if (unstorable) throw HooklineError.validation([unstorable]);
}

function validated<T extends object>(instance: T, loc: string): T {
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw HooklineError.validation(toIssues(errors, [loc]));
  return instance;
}

/**
 * Turns untrusted JSON into a validated instance of `cls`, or throws a 422 HooklineError whose
 * issues point at the offending fields. Used at every boundary: HTTP bodies and stream payloads.
 * Unknown fields are dropped, as Svix ignores them. Strings holding U+0000 and JSON nested deeper
 * than MAX_JSON_DEPTH are refused, since a projection could never store them.
 */
export function validateInput<T extends object>(cls: ClassConstructor<T>, plain: unknown, loc: string = 'body'): T {
  requireObject(plain, loc);
  return validated(plainToInstance(cls, plain), loc);
}

/** The fields `validateInput(cls, …)` keeps: those with validation rules. */
export function inputFields(cls: ClassConstructor<object>): Set<string> {
  return new Set(getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).map((metadata) => metadata.propertyName));
}

/** Per flat class: its compiled validator, or null where class-validator must do all the work. */
const flatValidators = new Map<ClassConstructor<object>, FlatValidator | null>();

function flatValidatorOf(cls: ClassConstructor<object>): FlatValidator | null {
  let validator = flatValidators.get(cls);
  if (validator === undefined) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    if (metadatas.some((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION)) {
      throw new Error(`${cls.name} has nested fields; validate it with validateInput`);
    }
    validator = compileFlatValidator(cls, metadatas) ?? null;
    flatValidators.set(cls, validator);
  }
  return validator;
}

/**
 * `validateInput` for the payloads every message passes on the hot path (MessageIn, DeliveryTask,
 * AttemptRecorded): the same checks, without class-transformer's deep copy of the whole object
 * (a message's payload included), and through a compiled validator (see FlatValidator), so
 * class-validator itself runs only to explain a refusal. Only for classes whose fields need no
 * conversion: no nested classes, no `@Type`/`@Transform`.
 */
export function validateFlatInput<T extends object>(cls: ClassConstructor<T>, plain: unknown, loc: string = 'body'): T {
  requireObject(plain, loc);
  const validator = flatValidatorOf(cls);
  const instance = Object.create(cls.prototype) as Record<string, unknown>;
  for (const key of Object.keys(plain)) if (key !== '__proto__') instance[key] = plain[key];
  if (validator?.(instance)) return instance as T;
  return validated(instance as T, loc);
}

/** `Record<string, string>` with bounded key and value lengths (metadata, headers). */
export function IsStringRecord(options?: ValidationOptions & { maxKeys?: number }) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an object of string values`, ...options },
      validator: {
        validate(value: unknown) {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= (options?.maxKeys ?? 100) &&
            entries.every(([key, v]) => key.length > 0 && key.length <= 256 && typeof v === 'string' && v.length <= 4096)
          );
        },
      },
    });
}

/** An RFC 7230 token, the form of an HTTP header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers Hookline sets itself, or that only the HTTP client may set. */
const RESERVED_HEADER = /^(host|content-length|content-type|transfer-encoding|connection|keep-alive|upgrade|te|trailer|user-agent|webhook-.*|svix-.*)$/i;

/** Custom request headers of an endpoint: valid names, none that Hookline or HTTP owns. */
export function IsHeaderRecord(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isHeaderRecord',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must map header names (not Hookline's own or hop-by-hop ones) to string values`, ...options },
      validator: {
        validate(value: unknown) {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= 50 &&
            entries.every(([name, v]) => HEADER_NAME.test(name) && !RESERVED_HEADER.test(name) && typeof v === 'string' && v.length <= 4096 && !/[\r\n]/.test(v))
          );
        },
      },
    });
}
