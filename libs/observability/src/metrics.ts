import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Hookline's Prometheus metrics. One registry per process: when all services share a process
 * (`npm start`) they share it, and `GET /metrics` shows everything.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const messagesAccepted = new Counter({
  name: 'hookline_messages_accepted_total',
  help: 'Messages accepted into the MESSAGES stream by the gateway',
  registers: [metricsRegistry],
});

export const messagesRejected = new Counter({
  name: 'hookline_messages_rejected_total',
  help: 'Messages on the MESSAGES stream that could not be accepted, by reason',
  labelNames: ['reason'],
  registers: [metricsRegistry],
});

export const deliveriesRouted = new Counter({
  name: 'hookline_deliveries_routed_total',
  help: 'Delivery tasks created by the router (message x endpoint)',
  registers: [metricsRegistry],
});

export const deliveryAttempts = new Counter({
  name: 'hookline_delivery_attempts_total',
  help: 'HTTP delivery attempts, by outcome',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export const deliveryDuration = new Histogram({
  name: 'hookline_delivery_duration_seconds',
  help: 'Time from request start to response for delivery attempts',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
  registers: [metricsRegistry],
});

export const attemptsLogged = new Counter({
  name: 'hookline_attempts_logged_total',
  help: 'Attempts persisted by the attempt log',
  registers: [metricsRegistry],
});
