import { ListParams, ListQuery, validateInput } from '@hookline/contracts';

/** Validates `?limit=&iterator=` (422 on a bad value) into the list parameters services take. */
export function listQuery(query: unknown): Partial<ListParams> {
  const { limit, iterator } = validateInput(ListQuery, query ?? {}, 'query');
  return { limit, iterator: iterator ?? null };
}
