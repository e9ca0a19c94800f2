// The main-thread end of the protocol: numbered requests to a worker, each settled exactly once.
// If the worker dies, or the connection is closed, every pending request is rejected.
import { TraceSiftError } from '../../worker/src/errors.js';
import type { Args, Method, RequestEnvelope, ResponseEnvelope, Result } from '../../worker/src/protocol.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: TraceSiftError) => void;
}

/** A request/response channel over one Worker. */
export class Connection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: TraceSiftError | null = null;
  private answered = false;

  /**
   * `explain`, if given, turns the error event of a worker that failed before its first answer
   * (its script or module did not load) into the error every call rejects with.
   */
  constructor(
    private readonly worker: Worker,
    private readonly explain?: (reason: string) => Promise<TraceSiftError>,
  ) {
    worker.addEventListener('message', (event: MessageEvent<ResponseEnvelope>) => this.onMessage(event.data));
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault?.();
      const reason = event.message || '';
      const plain = () => new TraceSiftError('worker_failed', `the engine worker failed: ${reason || 'unknown error'}`);
      if (!this.explain || this.answered || this.failure) return this.fail(plain());
      void this.explain(reason).then(
        (error) => this.fail(error),
        () => this.fail(plain()),
      );
    });
    worker.addEventListener('messageerror', () => {
      this.fail(new TraceSiftError('worker_failed', 'the engine worker sent a message that could not be read'));
    });
  }

  /** Sends a request; `transfer` lists buffers handed to the worker (they detach here). */
  call<M extends Method>(type: M, args: Args<M>, transfer: ArrayBuffer[] = []): Promise<Result<M>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const envelope: RequestEnvelope<M> = { id, type, args };
      try {
        this.worker.postMessage(envelope, transfer);
      } catch (e) {
        this.pending.delete(id);
        reject(TraceSiftError.from(e));
      }
    });
  }

  /** Whether the connection is over (the worker failed, or the database was closed). */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** Rejects every pending and future request with `error` and stops the worker. */
  fail(error: TraceSiftError): void {
    if (!this.failure) this.failure = error;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(this.failure);
    this.worker.terminate();
  }

  private onMessage(message: ResponseEnvelope): void {
    this.answered = true;
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (message.ok) p.resolve(message.result);
    else p.reject(TraceSiftError.fromPayload(message.error));
  }
}
