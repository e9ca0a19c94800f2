// A worker_threads Worker dressed as the Web Worker the Connection talks to: message, error and
// messageerror events, postMessage with a transfer list, terminate.
import { Worker as ThreadWorker } from 'node:worker_threads';
import { releaseLockOf } from '../../worker/src/file_lock.js';

/** The database file a thread's engine opens, and the token its lock file carries. */
export interface ThreadDatabase {
  /** Host path of the database file. */
  database?: string;
  /** Token of the thread's locks (file_lock.ts); released here if the thread ends holding one. */
  lockToken?: string;
}

/**
 * Starts the worker thread with the process's node options where node allows them in a thread.
 * Design note: a thread inherits the process's options, but node refuses some of them there:
 * `--input-type` (a script given with -e) and V8 or process options such as
 * `--max-old-space-size` (ERR_WORKER_INVALID_EXEC_ARGV). Then the thread starts without them: the
 * engine's worker needs none.
 */
function startThread(entry: URL, workerData: { lockToken?: string }): ThreadWorker {
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
  try {
    return new ThreadWorker(entry, { execArgv, workerData });
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    return new ThreadWorker(entry, { execArgv: [], workerData });
  }
}

/**
 * The engine's worker thread under node. It keeps the process alive only while a request is
 * unanswered, so a script that forgets close() still exits once its work is done.
 */
export class NodeThreadWorker extends EventTarget {
  private readonly thread: ThreadWorker;
  private readonly waiting = new Set<number>();
  private terminated = false;

  /** Starts `entry` (a worker_threads script that speaks the protocol). */
  constructor(
    entry: URL,
    private readonly db: ThreadDatabase = {},
  ) {
    super();
    this.thread = startThread(entry, { lockToken: db.lockToken });
    this.thread.unref();
    this.thread.on('message', (data: { id: number }) => {
      this.waiting.delete(data.id);
      if (this.waiting.size === 0) this.thread.unref();
      this.dispatchEvent(new MessageEvent('message', { data }));
    });
    this.thread.on('error', (error: Error) => this.failed(error.message));
    this.thread.on('messageerror', () => this.dispatchEvent(new Event('messageerror')));
    this.thread.on('exit', (code: number) => {
      // A thread stopped in the middle of a transaction (terminate, a crash) leaves its lock file:
      // this process is alive, so no other process would take it over.
      if (this.db.database && this.db.lockToken) releaseLockOf(this.db.database, this.db.lockToken);
      this.failed(`the worker thread exited with code ${code}`);
    });
  }

  /** Sends a request; `transfer` lists the buffers that move to the thread. */
  postMessage(message: { id: number }, transfer: ArrayBuffer[] = []): void {
    this.waiting.add(message.id);
    this.thread.ref();
    this.thread.postMessage(message, transfer);
  }

  /** Stops the thread; no event follows. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    void this.thread.terminate();
  }

  /** Reports an uncaught error or an unexpected exit as the 'error' event of a Web Worker. */
  private failed(message: string): void {
    if (this.terminated) return;
    this.terminated = true;
    const event = Object.assign(new Event('error', { cancelable: true }), { message });
    this.dispatchEvent(event);
  }
}
