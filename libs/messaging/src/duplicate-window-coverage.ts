import { JetStreamManager } from 'nats';
import { ackedThrough } from './consumer-progress';

/** How often the stream's last sequence is noted. */
const MARK_EVERY_MS = 10_000;
/** Kept off the end of the duplicate window: a check answers before the publish it vouches for reaches JetStream. */
const SAFETY_MARGIN_MS = 30_000;

interface Mark {
  /** When the stream's last sequence was asked for (before the request went out), on this process's monotonic clock. */
  at: number;
  lastSeq: number;
}

/**
 * Whether a read model fed by a durable consumer, together with its stream's duplicate window,
 * knows every message the stream accepted: JetStream refuses a repeated `Nats-Msg-Id` only within
 * the window (2 minutes), so a repeat of an older message is caught only if the model has stored
 * it. That holds while the consumer has acked everything the stream held at some moment less than
 * the window ago: every message the model lacks came later, and is still in the window.
 *
 * The stream's last sequence is noted every 10 s, so that a model a few seconds behind, as one
 * under load always is, still counts as covered by an earlier note.
 */
export class DuplicateWindowCoverage {
  private marks: Mark[] = [];
  private coveredUntil = 0;
  private windowMs?: number;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly durable: string,
  ) {}

  start(): void {
    void this.mark().catch(() => undefined);
    this.timer = setInterval(() => void this.mark().catch(() => undefined), MARK_EVERY_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Whether the model holds every message the duplicate window no longer covers; asks JetStream at most once per expiry. */
  async covered(): Promise<boolean> {
    if (performance.now() < this.coveredUntil) return true;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    await this.checking;
    return performance.now() < this.coveredUntil;
  }

  private async check(): Promise<void> {
    await this.mark();
    const stored = ackedThrough(await this.jsm.consumers.info(this.stream, this.durable));
    for (const mark of this.marks) {
      if (mark.lastSeq <= stored) this.coveredUntil = Math.max(this.coveredUntil, mark.at + this.usableMs());
    }
  }

  private async mark(): Promise<void> {
    const at = performance.now();
    const { config, state } = await this.jsm.streams.info(this.stream);
    this.windowMs = config.duplicate_window / 1e6;
    this.marks.push({ at, lastSeq: state.last_seq });
    this.marks = this.marks.filter((mark) => mark.at > performance.now() - this.usableMs());
  }

  private usableMs(): number {
    return Math.max(0, (this.windowMs ?? 0) - SAFETY_MARGIN_MS);
  }
}
