// The Web Worker entry: loads the wasm engine on first `open` (from the open's `wasmUrl`, else the
// package's .wasm beside this script) and answers protocol messages in the library's words.
import { createDispatcher } from './dispatcher.js';
import { createHandlers } from './handlers.js';
import { inLibraryWords } from './library_words.js';
import { loadBrowserModule } from './load_browser.js';
import { openOpfsPool } from './opfs_pool.js';
import type { RequestEnvelope, ResponseEnvelope } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<RequestEnvelope>) => void) | null;
  postMessage(message: ResponseEnvelope, transfer: ArrayBuffer[]): void;
}

const scope = self as unknown as WorkerScope;
let module: ReturnType<typeof loadBrowserModule> | undefined;
let wasmUrl: string | undefined;
const handlers = createHandlers(() => (module ??= loadBrowserModule(wasmUrl)), openOpfsPool);
const openDatabase = handlers.open;
handlers.open = (args) => {
  wasmUrl ??= args.wasmUrl;
  return openDatabase(args);
};
const dispatch = createDispatcher(handlers, (message, transfer, method) =>
  scope.postMessage(inLibraryWords(message, method), transfer),
);
scope.onmessage = (event) => void dispatch(event.data);
