import { RssPeaks } from '../measure/process-meter';
import { BenchContext } from './bench-context';
import { ThroughputRun, burstRun } from './delivery-runs';
import { HooklineDeployment } from './hookline-deployment';

/** Messages of the warm-up: each one already makes a delivery per endpoint. */
const WARM_UP_MESSAGES = 20;

export interface FanOutResult {
  run: ThroughputRun;
  /** Peak RSS of each service during the run: the most requests and connections the dispatcher holds at once. */
  peakRssMb: Record<string, number>;
}

/** Scenario 4: every message to many endpoints of one app, each endpoint on a receiver port of its own. */
export async function runFanOut(ctx: BenchContext): Promise<FanOutResult> {
  const { scale } = ctx;
  const deployment = await HooklineDeployment.start(ctx, 'fanout');
  try {
    const endpoints = await deployment.endpoints(Array(scale.fanoutEndpoints).fill('ok'), 'one app');
    await deployment.warmUp(endpoints, WARM_UP_MESSAGES);
    ctx.progress(`fan-out: ${scale.fanoutMessages} messages to ${endpoints.length} endpoints each`);
    const rss = RssPeaks.start(deployment.services());
    const run = await burstRun(deployment, endpoints, scale.fanoutMessages).finally(() => rss.stop());
    return { run, peakRssMb: rss.stop() };
  } finally {
    await deployment.stop();
  }
}
