import { connect, NatsConnection } from 'nats';

/** Connects to NATS and keeps reconnecting for as long as the process lives. */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    // Capturing a stack trace per request/publish cost 10-20 % of the router's CPU (npm run bench profile).
    noAsyncTraces: true,
  });
}
