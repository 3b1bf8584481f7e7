import { HooklineError, ListParams, ListResponse, MessageOut } from '@hookline/contracts';
import { listQuery } from '../clients/list-query';

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
