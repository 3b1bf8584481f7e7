import { ChildProcess, fork } from 'node:child_process';
import { benchEntry } from '../paths';
import { Behaviour, CommandEnvelope, ReceiverCommand, ReceiverReply, Receipts, ReplyEnvelope } from './receiver-protocol';

/** One listening receiver in the receiver process. */
export interface Receiver {
  index: number;
  url: string;
}

const STOP_GRACE_MS = 5000;

/** The bench's handle on its receiver process: starts servers there and reads what they received. */
export class ReceiverFleet {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: unknown) => void; reject: (error: Error) => void }>();
  private readonly exited: Promise<void>;
  private size = 0;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (envelope: ReplyEnvelope) => {
      const waiter = this.pending.get(envelope.id);
      this.pending.delete(envelope.id);
      if ('error' in envelope) waiter?.reject(new Error(`receiver process: ${envelope.error}`));
      else waiter?.resolve(envelope.reply);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        for (const waiter of this.pending.values()) waiter.reject(new Error(`receiver process exited (${signal ?? code})`));
        this.pending.clear();
        resolve();
      }),
    );
  }

  static start(): ReceiverFleet {
    // execArgv: [] keeps the bench's own node flags (a profiler, say) out of the receivers.
    return new ReceiverFleet(fork(benchEntry('receivers', 'receiver-process.js'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async listen(behaviours: Behaviour[]): Promise<Receiver[]> {
    const { ports } = await this.call({ op: 'listen', behaviours });
    const first = this.size;
    this.size += ports.length;
    return ports.map((port, i) => ({ index: first + i, url: `http://127.0.0.1:${port}/webhook` }));
  }

  /** Distinct webhook-ids received so far by each receiver, indexed by `Receiver.index`. */
  async counts(): Promise<number[]> {
    return (await this.call({ op: 'counts' })).counts;
  }

  /** What each of `receivers` got, in the same order. */
  async receipts(receivers: Receiver[]): Promise<Receipts[]> {
    return (await this.call({ op: 'receipts', servers: receivers.map((receiver) => receiver.index) })).perServer;
  }

  /** Forgets what `receivers` received so far (before a measurement). */
  async clear(receivers: Receiver[]): Promise<void> {
    await this.call({ op: 'clear', servers: receivers.map((receiver) => receiver.index) });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.disconnect();
    const killed = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(killed);
  }

  private call<C extends ReceiverCommand>(command: C): Promise<ReceiverReply<C>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (reply: unknown) => void, reject });
      this.child.send({ id, command } satisfies CommandEnvelope);
    });
  }
}
