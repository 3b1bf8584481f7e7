import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { listenLocally } from './local-server';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves when at least `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Decides the status code of the n-th request (1-based); 204 when not given. */
export type RespondWith = (request: ReceivedRequest, n: number) => number;

/** A real HTTP server on 127.0.0.1 that records every webhook it receives. */
export async function startWebhookReceiver(respond: RespondWith = () => 204): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
      requests.push(request);
      res.statusCode = respond(request, requests.length);
      res.end(res.statusCode === 204 ? undefined : `status ${res.statusCode}`);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve();
    });
  });
  const { url, close } = await listenLocally(server, '/webhook');
  return {
    url,
    requests,
    waitFor: (count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        if (requests.length >= count) return resolve(requests);
        const timer = setTimeout(() => reject(new Error(`receiver got ${requests.length} of ${count} requests`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(requests)) });
      }),
    close,
  };
}
