import { RssPeaks } from '../measure/process-meter';
import { BenchContext } from './bench-context';
import { BURSTS_PER_FIGURE, BurstSeries, ThroughputRun, burstRun, burstSeries } from './delivery-runs';
import { HooklineDeployment } from './hookline-deployment';

export interface ThroughputResult {
  oneEndpoint: BurstSeries;
  manyEndpoints: BurstSeries;
  /** Scenario 7: peak resident memory of each service process during both runs, in MB. */
  peakRssMb: Record<string, number>;
}

/**
 * Scenario 2 (and 7): a burst of messages to one endpoint, then the same number spread over
 * several endpoints, each in an app of its own with its own receiver port (so its own connection
 * pool in the dispatcher); the two alternate, a few times each, so that a slower spell of the
 * machine does not fall on one of them only.
 */
export async function runThroughput(ctx: BenchContext): Promise<ThroughputResult> {
  const { scale } = ctx;
  const deployment = await HooklineDeployment.start(ctx, 'throughput');
  try {
    const [single] = await deployment.endpoints(['ok'], 'app per endpoint');
    const many = await deployment.endpoints(Array(scale.throughputEndpoints).fill('ok'), 'app per endpoint');
    await deployment.warmUp([single, ...many], scale.warmupMessages);
    const rss = RssPeaks.start(deployment.services());
    const runs = await (async () => {
      const oneEndpoint: ThroughputRun[] = [];
      const manyEndpoints: ThroughputRun[] = [];
      for (let round = 1; round <= BURSTS_PER_FIGURE; round++) {
        ctx.progress(`throughput: ${scale.throughputMessages} messages to 1 endpoint (${round} of ${BURSTS_PER_FIGURE})`);
        oneEndpoint.push(await burstRun(deployment, [single], scale.throughputMessages));
        ctx.progress(`throughput: ${scale.throughputMessages} messages over ${many.length} endpoints (${round} of ${BURSTS_PER_FIGURE})`);
        manyEndpoints.push(await burstRun(deployment, many, scale.throughputMessages));
      }
      return { oneEndpoint: burstSeries(oneEndpoint), manyEndpoints: burstSeries(manyEndpoints) };
    })().finally(() => rss.stop());
    return { ...runs, peakRssMb: rss.stop() };
  } finally {
    await deployment.stop();
  }
}
