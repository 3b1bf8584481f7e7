import { IncomingHttpHeaders } from 'node:http';
import { Dispatcher } from 'undici';

export interface PostResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The body, cut off after the size asked for (its connection is then closed). */
  body: Buffer;
}

/** The request ran past its deadline; `name` is what Node's own timeout errors carry. */
class PostTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * One POST through undici's `dispatch` API. `request()` wraps every call in an async resource,
 * a body stream and an abort signal; those cost about twice the CPU of the POST itself, and the
 * dispatcher makes one per delivery. The deadline covers waiting for a connection too: it
 * settles the promise even while the request is still queued.
 */
export function postOnce(agent: Dispatcher, url: URL, headers: Record<string, string>, body: string | Uint8Array, timeoutMs: number, maxBodyBytes: number): Promise<PostResponse> {
  return new Promise((resolve, reject) => {
    agent.dispatch(
      { origin: url.origin, path: url.pathname + url.search, method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
      new CapturingHandler(maxBodyBytes, timeoutMs, resolve, reject),
    );
  });
}

/** Collects one response: status, headers and the body up to `maxBodyBytes`. */
class CapturingHandler implements Dispatcher.DispatchHandler {
  private readonly deadline: NodeJS.Timeout;
  private controller?: Dispatcher.DispatchController;
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  /** Why the request is to be aborted once it starts (it timed out while queued). */
  private abortReason?: Error;

  constructor(
    private readonly maxBodyBytes: number,
    timeoutMs: number,
    private readonly resolve: (response: PostResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.deadline = setTimeout(() => this.timeOut(timeoutMs), timeoutMs);
  }

  private timeOut(timeoutMs: number): void {
    const error = new PostTimeoutError(`no complete response within ${timeoutMs} ms`);
    this.fail(error);
    if (this.controller) this.controller.abort(error);
    else this.abortReason = error;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.statusCode = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk.subarray(0, this.maxBodyBytes - this.size));
    this.size += chunk.length;
    if (this.size < this.maxBodyBytes) return;
    // Enough kept: answer now and close the connection rather than read the rest.
    this.succeed();
    controller.abort(new Error('response body cut off'));
  }

  onResponseEnd(): void {
    this.succeed();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private succeed(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.deadline);
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.resolve({ statusCode: this.statusCode, headers: this.headers, body });
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.deadline);
    this.reject(error);
  }
}
