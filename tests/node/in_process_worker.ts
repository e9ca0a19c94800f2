// A stand-in Worker that runs the real worker side (dispatcher, handlers, EngineApi, wasm module)
// in this process, so the async client can be tested under node. Messages cross as they would
// between threads: structured-cloned, with the listed buffers transferred (detached at the sender).
import { createDispatcher } from '../../dist/worker/src/dispatcher.js';
import { createHandlers } from '../../dist/worker/src/handlers.js';
import { loadNodeModule } from '../../dist/worker/src/load_node.js';
import type { RequestEnvelope, ResponseEnvelope } from '../../dist/worker/src/protocol.js';
import { open, type TraceSift } from '../../dist/web/src/client.js';

/** The worker end of one client, in process. */
export class InProcessWorker extends EventTarget {
  /** Every response sent to the client, with the buffers it transferred. */
  readonly responses: { message: ResponseEnvelope; transfer: ArrayBuffer[] }[] = [];
  terminated = false;
  private readonly dispatch = createDispatcher(createHandlers(loadNodeModule), (message, transfer) => {
    this.responses.push({ message, transfer });
    const data = structuredClone(message, { transfer });
    setTimeout(() => {
      if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data }));
    });
  });

  postMessage(message: RequestEnvelope, transfer: ArrayBuffer[] = []): void {
    if (this.terminated) return;
    const data = structuredClone(message, { transfer });
    setTimeout(() => void this.dispatch(data));
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** Opens an in-memory database through the client and an in-process worker. */
export async function openInProcess(): Promise<{ ts: TraceSift; worker: InProcessWorker }> {
  const worker = new InProcessWorker();
  const ts = await open({ worker: worker as unknown as Worker });
  return { ts, worker };
}
