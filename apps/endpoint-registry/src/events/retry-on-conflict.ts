import { HooklineError } from '@hookline/contracts';

const MAX_TRIES = 50;
const MAX_BACKOFF_MS = 50;

/**
 * Runs a read-then-append again when a concurrent change moved the aggregate's sequence first
 * (409), for commands whose outcome does not depend on what the other change did. Each round of
 * contenders lets one through, so N concurrent calls need up to N tries; a short random back-off
 * spreads the retries out.
 */
export async function retryOnConflict<T>(command: () => Promise<T>, tries = MAX_TRIES): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await command();
    } catch (error) {
      if (attempt >= tries || !(error instanceof HooklineError && error.status === 409)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt)));
    }
  }
}
