import { createServer, Server } from 'node:http';
import { metricsRegistry } from './metrics';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check: () => Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: () => Promise<unknown>): Promise<unknown> {
  return Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}

/**
 * The health and metrics port of a service without an HTTP API: `/health/live` (the process
 * runs), `/health/ready` (its dependencies answer; 503 naming the failing ones) and `/metrics`.
 */
export async function startHealthServer(port: number, checks: ReadinessCheck[]): Promise<Server> {
  const server = createServer(async (request, response) => {
    const send = (status: number, body: string, type = 'application/json') => response.writeHead(status, { 'content-type': type }).end(body);
    if (request.url === '/health/live') return send(200, '{"status":"ok"}');
    if (request.url === '/metrics') return send(200, await metricsRegistry.metrics(), metricsRegistry.contentType);
    if (request.url !== '/health/ready') return send(404, '{"code":"not_found","detail":"Not found"}');
    const results = await Promise.all(
      checks.map(async ({ name, check }) => [name, await withTimeout(check).then(() => 'ok', (error: Error) => `down: ${error.message}`)] as const),
    );
    const healthy = results.every(([, state]) => state === 'ok');
    send(healthy ? 200 : 503, JSON.stringify({ status: healthy ? 'ok' : 'unavailable', checks: Object.fromEntries(results) }));
  });
  await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
  return server;
}
