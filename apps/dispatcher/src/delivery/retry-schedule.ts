import { RetryPolicy } from '@hookline/contracts';

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
