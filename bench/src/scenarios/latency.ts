import { BenchContext } from './bench-context';
import { PacedRun, pacedRun } from './delivery-runs';
import { HooklineDeployment } from './hookline-deployment';

export interface LatencyResult {
  runs: PacedRun[];
}

/** Scenario 3: one endpoint at each fixed rate; latency from a message's publish to its receipt. */
export async function runLatency(ctx: BenchContext): Promise<LatencyResult> {
  const { scale } = ctx;
  const deployment = await HooklineDeployment.start(ctx, 'latency');
  try {
    const endpoints = await deployment.endpoints(['ok'], 'app per endpoint');
    await deployment.warmUp(endpoints, scale.warmupMessages);
    const runs: PacedRun[] = [];
    for (const rate of scale.latencyRates) {
      ctx.progress(`latency: ${rate}/s for ${scale.latencySeconds} s`);
      runs.push(await pacedRun(deployment, endpoints, rate, scale.latencySeconds));
    }
    return { runs };
  } finally {
    await deployment.stop();
  }
}
