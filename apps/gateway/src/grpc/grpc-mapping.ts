import { ClassConstructor } from 'class-transformer';
import { HooklineError, ListParams, ListResponse, MessageOut, inputFields } from '@hookline/contracts';
import { listQuery } from '../clients/list-query';
import { protoFieldNames } from './grpc-options';

/** A gRPC list request's `page`, validated as the REST `limit`/`iterator`. */
export function pageParams(page?: { limit?: number; iterator?: string }): Partial<ListParams> {
  return listQuery({ ...(page?.limit ? { limit: page.limit } : {}), ...(page?.iterator ? { iterator: page.iterator } : {}) });
}

/** A REST list response as a gRPC one. */
export function toPage<In, Out>(list: ListResponse<In>, map: (item: In) => Out = (item) => item as unknown as Out) {
  return { data: list.data.map(map), page: { iterator: list.iterator ?? '', prevIterator: list.prevIterator ?? '', done: list.done } };
}

/** Parses a `*_json` field; bad JSON is the caller's error. */
export function parseJsonField(value: string | undefined, field: string): unknown {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw HooklineError.validation([{ loc: ['body', field], msg: `${field} must be JSON`, type: 'value_error.json' }]);
  }
}

/** A message as gRPC carries it: the payload as JSON text. */
export function toGrpcMessage({ payload, ...message }: MessageOut) {
  return { ...message, payloadJson: JSON.stringify(payload) };
}

/** snake_case proto field name → the camelCase name of the REST body (and of grpc-js's objects). */
function camelCase(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * A gRPC Patch as the body of the REST PATCH it stands for. `patch` is the PATCH DTO, `message` the
 * proto message type the fields came in. Without an update mask: the fields set in the message.
 * With one (as Google's AIP-134): exactly the fields it names, one left unset sent as null, which
 * PATCH takes as "what PUT gives a field it is not sent" (its default: no rate limit, all event
 * types, TLS verified…); so a mask is how a caller clears a field or empties a list or map, which
 * proto3 cannot send. `renamed` maps proto field names that differ from the REST ones.
 */
export function patchBody(
  patch: ClassConstructor<object>,
  message: string,
  fields: Record<string, unknown> = {},
  updateMask?: { paths?: string[] },
  renamed: Record<string, string> = {},
): Record<string, unknown> {
  const paths = updateMask?.paths ?? [];
  if (paths.length === 0) return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const [protoFields, accepted] = [protoFieldNames(message), inputFields(patch)];
  const body: Record<string, unknown> = {};
  for (const path of paths) {
    const name = renamed[path] ?? camelCase(path);
    if (!protoFields.has(path) || !accepted.has(name)) {
      const msg = path.includes('.') ? 'update_mask paths name whole fields, not fields within them' : `${path} is not a field of ${message} that this call changes`;
      throw HooklineError.validation([{ loc: ['update_mask', path], msg, type: 'value_error' }]);
    }
    body[name] = fields[name] ?? null;
  }
  return body;
}
