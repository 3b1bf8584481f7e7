import { RetryPolicy } from '@hookline/contracts';
import { DispatcherConfig } from '../config/dispatcher.config';

/** A receiver's Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

export type RetrySettings = Pick<DispatcherConfig, 'retryScheduleSeconds' | 'retryJitter' | 'retryBackoffFloorMs'>;

/** What a failed attempt's answer says about retrying. */
export interface FailedAttemptOutcome {
  statusCode: number;
  timedOut: boolean;
  retryAfterMs?: number;
}

/**
 * When to try again after a failed attempt: the delay in milliseconds before attempt
 * `failedAttempt + 1`, or undefined when retries are exhausted. The endpoint's policy overrides the
 * global schedule; past the end of a schedule its last delay repeats up to `maxAttempts`.
 */
export function nextRetryDelayMs(
  failedAttempt: number,
  globalScheduleSeconds: number[],
  policy: RetryPolicy | null,
  jitter: number,
  random: () => number = Math.random,
): number | undefined {
  const schedule = policy?.schedule ?? globalScheduleSeconds;
  const maxAttempts = policy?.maxAttempts ?? schedule.length + 1;
  if (failedAttempt >= maxAttempts) return undefined;
  const seconds = schedule[Math.min(failedAttempt - 1, schedule.length - 1)];
  const factor = 1 + jitter * (2 * random() - 1);
  return Math.round(seconds * 1000 * factor);
}

/**
 * The delay before retrying a failed attempt, or undefined for none: no retry after 410 Gone (the
 * receiver says the endpoint no longer exists; the attempt log disables it); otherwise the
 * schedule's delay, stretched by Retry-After and, after a timeout or a 429, by the back-off floor.
 */
export function retryDelayAfter(
  failedAttempt: number,
  outcome: FailedAttemptOutcome,
  settings: RetrySettings,
  policy: RetryPolicy | null,
  random: () => number = Math.random,
): number | undefined {
  if (outcome.statusCode === 410) return undefined;
  const scheduled = nextRetryDelayMs(failedAttempt, settings.retryScheduleSeconds, policy, settings.retryJitter, random);
  if (scheduled === undefined) return undefined;
  let delay = scheduled;
  if (outcome.retryAfterMs !== undefined) delay = Math.max(delay, Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS));
  if (outcome.timedOut || outcome.statusCode === 429) delay = Math.max(delay, settings.retryBackoffFloorMs);
  return delay;
}
