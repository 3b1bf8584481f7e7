import { TimedIds } from './timing';

/** Percentiles in milliseconds; null where the rank falls among deliveries that never arrived. */
export interface LatencyStats {
  /** Deliveries that arrived (each message once per receiver; redeliveries are not counted again). */
  samples: number;
  /** Deliveries expected but not received by the time the scenario stopped waiting. */
  lost: number;
  /** Requests that repeated a webhook-id the same receiver had already got (at-least-once redeliveries). */
  duplicates: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * Latency from `sent` (publish or due time) to the first receipt of each message at each receiver
 * in `received`. Of the `expected` deliveries, one that never arrived counts as infinitely late,
 * so losses push the high percentiles to null instead of flattering them.
 */
export function latencyStats(sent: TimedIds, received: TimedIds[], expected = sent.ids.length * received.length): LatencyStats {
  const sentAt = new Map<string, number>();
  sent.ids.forEach((id, i) => sentAt.set(id, sent.at[i]));
  const samples: number[] = [];
  let duplicates = 0;
  for (const receipts of received) {
    const seen = new Set<string>();
    receipts.ids.forEach((id, i) => {
      const start = sentAt.get(id);
      if (start === undefined) return;
      if (seen.has(id)) {
        duplicates++;
        return;
      }
      seen.add(id);
      samples.push(receipts.at[i] - start);
    });
  }
  samples.sort((a, b) => a - b);
  const lost = Math.max(0, expected - samples.length);
  const total = samples.length + lost;
  const at = (quantile: number): number | null => {
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(quantile * total));
    return rank <= samples.length ? round(samples[rank - 1]) : null;
  };
  return { samples: samples.length, lost, duplicates, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: lost > 0 ? null : at(1) };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
