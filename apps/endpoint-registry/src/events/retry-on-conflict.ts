import { HooklineError } from '@hookline/contracts';

/**
 * Runs a read-then-append again when a concurrent change moved the aggregate's sequence first
 * (409), for commands whose outcome does not depend on what the other change did.
 */
export async function retryOnConflict<T>(command: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await command();
    } catch (error) {
      if (attempt >= tries || !(error instanceof HooklineError && error.status === 409)) throw error;
    }
  }
}
