import { TimedIds } from '../measure/timing';

/** How a receiver answers: 204 at once, 500 at once, or never (the request runs into the sender's timeout). */
export type Behaviour = 'ok' | 'fail' | 'black-hole';

/** What one receiver got: the webhook-id of each request and when it arrived. */
export type Receipts = TimedIds;

/** Requests the bench sends to its receiver process over IPC; each names the reply it gets. */
export type ReceiverCommand =
  | { op: 'listen'; behaviours: Behaviour[] }
  | { op: 'counts' }
  | { op: 'receipts'; servers: number[] }
  | { op: 'clear'; servers: number[] };

export type ReceiverReply<C extends ReceiverCommand> = C extends { op: 'listen' }
  ? { ports: number[] }
  : C extends { op: 'counts' }
    ? { counts: number[] }
    : C extends { op: 'receipts' }
      ? { perServer: Receipts[] }
      : Record<string, never>;

export interface CommandEnvelope {
  id: number;
  command: ReceiverCommand;
}

export type ReplyEnvelope = { id: number; reply: unknown } | { id: number; error: string };
