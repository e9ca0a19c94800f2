// The worker_threads entry for node (the twin of worker.ts): the same dispatcher and handlers over
// the node build of the module, with database paths read as host file paths.
import { parentPort, workerData } from 'node:worker_threads';
import { createDispatcher, type Handlers } from './dispatcher.js';
import { createHandlers } from './handlers.js';
import { withHostPaths } from './host_paths.js';
import { inLibraryWords } from './library_words.js';
import { defaultCommand, hostPath, loadNodeModule } from './load_node.js';
import type { RequestEnvelope } from './protocol.js';

if (!parentPort) throw new Error('tracesift: node_worker.js runs as a worker_threads Worker');
const port = parentPort;

// The lock token the thread's owner gave (node_thread.ts): it releases the lock if this thread
// ends holding it.
const lockToken = (workerData as { lockToken?: string } | undefined)?.lockToken;
const handlers: Handlers = createHandlers(() =>
  loadNodeModule(lockToken ? { command: defaultCommand(), token: lockToken } : undefined),
);
const openInModule = handlers.open;
// Design note: the module sees the host's files under /host (load_node.ts); the client resolves a
// relative path against the process's directory before it sends it, so this only prefixes it.
handlers.open = (args) => openInModule({ ...args, path: hostPath(args.path) });

// Errors name files as the module sees them (/host/...): answer with the host's paths, and with
// the library's options where the engine gives the CLI's flags.
const dispatch = createDispatcher(handlers, (message, transfer, method) => {
  const worded = inLibraryWords(message, method);
  port.postMessage(worded.ok ? worded : { ...worded, error: withHostPaths(worded.error) }, transfer);
});
port.on('message', (request: RequestEnvelope) => void dispatch(request));
