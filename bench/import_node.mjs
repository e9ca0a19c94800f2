// Import benchmark of the wasm engine under node: streams FILE in 4 MiB chunks through the same
// EngineApi the worker uses, into an in-memory database (or DB_PATH), and prints one JSON line.
// Usage: node bench/import_node.mjs FILE [DB_PATH]
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { EngineApi } from '../dist/worker/src/engine_api.js';
import { hostPath, loadNodeModule } from '../dist/worker/src/load_node.js';

const [file, dbPath = ':memory:'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/import_node.mjs FILE [DB_PATH]');
  process.exit(2);
}
const module = await loadNodeModule();
const api = new EngineApi(module, hostPath(dbPath));
const chunk = new Uint8Array(4 << 20);
const fd = openSync(file, 'r');
const t0 = performance.now();
const handle = api.importBegin(file);
for (;;) {
  const n = readSync(fd, chunk, 0, chunk.length, null);
  if (n === 0) break;
  api.importChunk(handle, chunk.subarray(0, n));
}
const report = api.importFinish(handle);
const seconds = (performance.now() - t0) / 1000;
closeSync(fd);
const bytes = statSync(file).size;
console.log(
  JSON.stringify({
    runtime: 'wasm-node',
    bytes,
    read: report.read,
    imported: report.imported,
    errors: report.error_count,
    seconds: +seconds.toFixed(3),
    spans_per_s: Math.round(report.read / seconds),
    mb_per_s: +(bytes / 1e6 / seconds).toFixed(1),
    wasm_heap_mb: +(module.HEAPU8 ? module.HEAPU8.length / 2 ** 20 : 0).toFixed(0),
  }),
);
api.close();
