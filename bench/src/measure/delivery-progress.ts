import { Client } from 'pg';
import { MessageStatus } from '@hookline/contracts';
import { Receiver, ReceiverFleet } from '../receivers/receiver-fleet';
import { machineClockMs } from './timing';

const POLL_MS = 100;
/** The attempt log is counted this seldom until the receivers have everything, to keep the bench's queries off PostgreSQL. */
const SLOW_LOG_POLL_MS = 1000;

/** Which logged attempts count: deliveries (a message's success at an endpoint, once however often it was sent), or failed attempts. */
export type AttemptOutcome = 'succeeded' | 'failed';

const SUCCESS = `status = ${MessageStatus.Success}`;
const FAILURE = `status <> ${MessageStatus.Success}`;

/**
 * The endpoints' attempts. The apps come first, as in the attempt log's indexes: filtered by
 * endpoint alone, every count read the whole table, and beside the isolation scenario's backlog
 * (100,000 attempts of another endpoint) each took 138 ms of PostgreSQL's CPU instead of 17,
 * which the healthy endpoint's figures then paid for.
 */
const OF_ENDPOINTS = 'app_id = ANY($1) AND endpoint_id = ANY($2)';

/** The exact count: deliveries (distinct message and endpoint; grouped, a third of the cost of count(DISTINCT)) or failed attempts. */
const COUNT_QUERY: Record<AttemptOutcome, string> = {
  succeeded: `SELECT count(*) FROM (SELECT 1 FROM message_attempts WHERE ${OF_ENDPOINTS} AND ${SUCCESS} GROUP BY msg_id, endpoint_id) AS deliveries`,
  failed: `SELECT count(*) FROM message_attempts WHERE ${OF_ENDPOINTS} AND ${FAILURE}`,
};

/**
 * Never below the exact count, and polled instead of it: at 130,000 attempts (the table late in a
 * scenario) the exact count takes 76 ms of PostgreSQL's CPU and this one 17; the count(DISTINCT)
 * polled before took 250 and loaded the very runs it measured.
 */
const UPPER_BOUND_QUERY: Record<AttemptOutcome, string> = {
  succeeded: `SELECT count(*) FROM message_attempts WHERE ${OF_ENDPOINTS} AND ${SUCCESS}`,
  failed: COUNT_QUERY.failed,
};

/** An endpoint whose attempts are counted. */
export interface CountedEndpoint {
  appId: string;
  endpointId: string;
}

export interface WaitOptions {
  endpoints: CountedEndpoint[];
  /** Which attempts must reach `expected`; deliveries unless said otherwise. */
  outcome?: AttemptOutcome;
  receivers: Receiver[];
  /** Distinct messages the receivers must get, and attempts the log must hold beyond `loggedBefore`. */
  expected: number;
  loggedBefore: number;
  /** Wall-clock ms the clock starts from (the first publish). */
  since: number;
  timeoutMs: number;
  /** Give up early when neither count moved for this long. */
  stallMs: number;
  /** Stops the wait at once (the publisher failed). */
  signal?: AbortSignal;
}

export interface Completion {
  expected: number;
  received: number;
  logged: number;
  /** Seconds from `since` until every request had reached the receivers; null if they never did. */
  receivedSeconds: number | null;
  /** Seconds from `since` until every attempt counted was in the attempt log; null if never. */
  loggedSeconds: number | null;
  /** Seconds the wait lasted (the end of the run, complete or not). */
  elapsedSeconds: number;
}

/**
 * Watches deliveries end to end: requests counted by the receivers, and attempts counted in the
 * attempt log's table (cheaper than paging the API; it is the same rows the API reads).
 */
export class DeliveryProgress {
  constructor(
    private readonly database: Client,
    private readonly receivers: ReceiverFleet,
    private readonly assertServicesRunning: () => void,
  ) {}

  attemptsLogged(endpoints: CountedEndpoint[], outcome: AttemptOutcome = 'succeeded'): Promise<number> {
    return this.count(COUNT_QUERY[outcome], endpoints);
  }

  async received(receivers: Receiver[]): Promise<number> {
    const counts = await this.receivers.counts();
    return receivers.reduce((sum, receiver) => sum + counts[receiver.index], 0);
  }

  /** Polls until everything expected was received and logged, the deadline passes, or progress stalls. */
  async waitFor(options: WaitOptions): Promise<Completion> {
    const seconds = () => (machineClockMs() - options.since) / 1000;
    const deadline = Date.now() + options.timeoutMs;
    const state: Completion = { expected: options.expected, received: 0, logged: 0, receivedSeconds: null, loggedSeconds: null, elapsedSeconds: 0 };
    let lastMoved = Date.now();
    let lastLogPoll = 0;
    for (;;) {
      this.assertServicesRunning();
      const received = await this.received(options.receivers);
      if (received >= options.expected || Date.now() - lastLogPoll >= SLOW_LOG_POLL_MS) {
        const logged = await this.loggedSince(options);
        if (logged !== state.logged) lastMoved = Date.now();
        state.logged = logged;
        lastLogPoll = Date.now();
      }
      if (received !== state.received) lastMoved = Date.now();
      state.received = received;
      if (state.receivedSeconds === null && received >= options.expected) state.receivedSeconds = seconds();
      if (state.loggedSeconds === null && state.logged >= options.expected) state.loggedSeconds = seconds();
      state.elapsedSeconds = seconds();
      const done = state.receivedSeconds !== null && state.loggedSeconds !== null;
      if (done) return state;
      if (options.signal?.aborted || Date.now() > deadline || Date.now() - lastMoved > options.stallMs) {
        state.logged = (await this.attemptsLogged(options.endpoints, options.outcome)) - options.loggedBefore;
        return state;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Attempts logged beyond `loggedBefore`: the cheap upper bound until it reaches `expected`, then the exact count. */
  private async loggedSince(options: WaitOptions): Promise<number> {
    const outcome = options.outcome ?? 'succeeded';
    const atMost = (await this.count(UPPER_BOUND_QUERY[outcome], options.endpoints)) - options.loggedBefore;
    if (atMost < options.expected || UPPER_BOUND_QUERY[outcome] === COUNT_QUERY[outcome]) return atMost;
    return (await this.attemptsLogged(options.endpoints, outcome)) - options.loggedBefore;
  }

  private async count(query: string, endpoints: CountedEndpoint[]): Promise<number> {
    const appIds = [...new Set(endpoints.map((endpoint) => endpoint.appId))];
    const { rows } = await this.database.query<{ count: string }>(query, [appIds, endpoints.map((endpoint) => endpoint.endpointId)]);
    return Number(rows[0].count);
  }
}
