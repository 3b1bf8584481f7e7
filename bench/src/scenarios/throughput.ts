import { RssPeaks } from '../measure/process-meter';
import { BenchContext } from './bench-context';
import { ThroughputRun, burstRun } from './delivery-runs';
import { HooklineDeployment } from './hookline-deployment';

export interface ThroughputResult {
  oneEndpoint: ThroughputRun;
  manyEndpoints: ThroughputRun;
  /** Scenario 7: peak resident memory of each service process during both runs, in MB. */
  peakRssMb: Record<string, number>;
}

/**
 * Scenario 2 (and 7): a burst of messages to one endpoint, then the same number spread over
 * several endpoints, each in an app of its own with its own receiver port (so its own connection
 * pool in the dispatcher).
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
      ctx.progress(`throughput: ${scale.throughputMessages} messages to 1 endpoint`);
      const oneEndpoint = await burstRun(deployment, [single], scale.throughputMessages);
      ctx.progress(`throughput: ${scale.throughputMessages} messages over ${many.length} endpoints`);
      const manyEndpoints = await burstRun(deployment, many, scale.throughputMessages);
      return { oneEndpoint, manyEndpoints };
    })().finally(() => rss.stop());
    return { ...runs, peakRssMb: rss.stop() };
  } finally {
    await deployment.stop();
  }
}
