import { HooklineError, Upserted } from '@hookline/contracts';

/**
 * PUT as Svix has it: updates what `exists` finds, or else creates it. A create that loses the
 * race to a concurrent PUT (a 409 on the uid) updates what that one created instead.
 */
export async function createOrUpdate<T>(exists: () => Promise<boolean>, create: () => Promise<T>, update: () => Promise<T>): Promise<Upserted<T>> {
  if (await exists()) return { created: false, value: await update() };
  try {
    return { created: true, value: await create() };
  } catch (error) {
    if (error instanceof HooklineError && error.status === 409 && (await exists())) return { created: false, value: await update() };
    throw error;
  }
}
