import { AttemptFilters, AttemptListQuery, BackgroundTaskFilters, BackgroundTaskListQuery, HooklineError, ListParams, ListQuery, MessageFilters, MessageListQuery, validateInput } from '@hookline/contracts';

/** Validates `?limit=&iterator=` (422 on a bad value) into the list parameters services take. */
export function listQuery(query: unknown): Partial<ListParams> {
  const { limit, iterator } = validateInput(ListQuery, query ?? {}, 'query');
  return { limit, iterator: iterator ?? null };
}

/** `GET /app/{app}/msg`: paging plus Svix's filters. */
export function messageListQuery(query: unknown): { list: Partial<ListParams>; filters: MessageFilters } {
  const { before, after, channel, event_types, with_content } = validateInput(MessageListQuery, query ?? {}, 'query');
  return { list: listQuery(query), filters: { before, after, channel, eventTypes: event_types, withContent: with_content !== 'false' } };
}

/** The attempt lists: paging plus status and time filters. */
export function attemptListQuery(query: unknown): { list: Partial<ListParams>; filters: AttemptFilters } {
  const { before, after, status } = validateInput(AttemptListQuery, query ?? {}, 'query');
  return { list: listQuery(query), filters: { before, after, status: status === undefined ? undefined : Number(status) } };
}

/** `GET /background-task`: paging plus status and task filters. */
export function backgroundTaskListQuery(query: unknown): { list: Partial<ListParams>; filters: BackgroundTaskFilters } {
  const { status, task } = validateInput(BackgroundTaskListQuery, query ?? {}, 'query');
  return { list: listQuery(query), filters: { status, task } };
}

/** A boolean query parameter (`?get_if_exists=true`): absent gives `fallback`, anything but true or false is a 422. */
export function flagQuery(value: unknown, name: string, fallback = false): boolean {
  if (value === undefined) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw HooklineError.validation([{ loc: ['query', name], msg: `${name} must be true or false`, type: 'value_error' }]);
}
