import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { benchMessage } from '../load/bench-payload';
import { CpuMeter } from '../measure/process-meter';
import { BenchContext } from './bench-context';
import { HooklineDeployment } from './hookline-deployment';

const WARM_UP_SECONDS = 3;

export interface IngestRun {
  seconds: number;
  /** Answered 2xx per second: accepted (stored in JetStream) messages. */
  requestsPerSecond: number;
  /** Response time percentiles in ms, as autocannon measures them. */
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  cpuCores: Record<string, number>;
}

export interface IngestResult extends IngestRun {
  connections: number;
  bodyBytes: number;
  /** The same with a new `idempotency-key` on every request, as the svix SDK sends one with each POST. */
  withIdempotencyKey: IngestRun;
}

/**
 * Scenario 6: `POST /api/v1/app/{app}/msg` with autocannon (in this process). The app has no
 * endpoints, so what is measured is accepting messages; the router and the attempt log still
 * consume every one of them, as they would. Measured twice: without `idempotency-key` (the CPU
 * figures), then with a fresh one on every request, as the svix SDK sends them.
 */
export async function runIngest(ctx: BenchContext): Promise<IngestResult> {
  const { scale } = ctx;
  const deployment = await HooklineDeployment.start(ctx, 'ingest');
  try {
    const appId = await deployment.admin.createApp('bench ingest');
    const body = JSON.stringify(benchMessage(0));
    const options: autocannon.Options = {
      url: `${deployment.processes.gatewayUrl}/api/v1/app/${appId}/msg`,
      method: 'POST',
      headers: { authorization: `Bearer ${deployment.processes.adminToken}`, 'content-type': 'application/json' },
      body,
      connections: scale.ingestConnections,
    };
    await autocannon({ ...options, duration: WARM_UP_SECONDS });
    ctx.progress(`ingest: autocannon, ${scale.ingestConnections} connections for ${scale.ingestSeconds} s`);
    const measured = async (run: autocannon.Options): Promise<IngestRun> => {
      const cpu = CpuMeter.start(deployment.everything());
      const result = await autocannon(run);
      return ingestRun(result, cpu.stop());
    };
    const unkeyed = await measured({ ...options, duration: scale.ingestSeconds });
    ctx.progress(`ingest: again with an idempotency-key on every request, ${scale.ingestSeconds} s`);
    const keyed = await measured({
      ...options,
      duration: scale.ingestSeconds,
      requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': `auto_${randomUUID()}` } }) }],
    });
    return { connections: scale.ingestConnections, bodyBytes: Buffer.byteLength(body), ...unkeyed, withIdempotencyKey: keyed };
  } finally {
    await deployment.stop();
  }
}

function ingestRun(result: autocannon.Result, cpuCores: Record<string, number>): IngestRun {
  const { p50, p97_5, p99, max } = result.latency;
  return {
    cpuCores,
    seconds: result.duration,
    requestsPerSecond: Math.round(result['2xx'] / result.duration),
    latencyMs: { p50, p97_5, p99, max },
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
