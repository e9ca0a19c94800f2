// The Web Worker entry: loads the wasm engine on first `open` and answers protocol messages.
import { createDispatcher } from './dispatcher.js';
import { createHandlers } from './handlers.js';
import { loadBrowserModule } from './load_browser.js';
import { openOpfsPool } from './opfs_pool.js';
import type { RequestEnvelope, ResponseEnvelope } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<RequestEnvelope>) => void) | null;
  postMessage(message: ResponseEnvelope, transfer: ArrayBuffer[]): void;
}

const scope = self as unknown as WorkerScope;
let module: ReturnType<typeof loadBrowserModule> | undefined;
const dispatch = createDispatcher(
  createHandlers(() => (module ??= loadBrowserModule()), openOpfsPool),
  (message, transfer) => scope.postMessage(message, transfer),
);
scope.onmessage = (event) => void dispatch(event.data);
