// Memory stays bounded whatever the file size: streams GB gigabytes of native JSONL (a generated
// file replayed with fresh span ids each round, never held whole) through the wasm engine into a
// database file on disk, and reports the peak size of the wasm heap (it only ever grows).
// Usage: node bench/import_memory.mjs SOURCE.jsonl GB DB_PATH
import { readFileSync, rmSync } from 'node:fs';
import { EngineApi } from '../dist/worker/src/engine_api.js';
import { hostPath, loadNodeModule } from '../dist/worker/src/load_node.js';

const [source, gbText = '2', dbPath = '/tmp/tracesift-memory-bench.db'] = process.argv.slice(2);
const targetBytes = Number(gbText) * 1e9;
const text = readFileSync(source, 'utf8');
rmSync(dbPath, { force: true });
rmSync(dbPath + '-journal', { force: true });
const module = await loadNodeModule();
const api = new EngineApi(module, hostPath(dbPath));
const encoder = new TextEncoder();
const handle = api.importBegin('replayed.jsonl');
const t0 = performance.now();
let fed = 0;
let heapPeak = module.HEAPU8.length;
for (let round = 0; fed < targetBytes; round++) {
  for (let start = 0; start < text.length && fed < targetBytes;) {
    let end = text.indexOf('\n', Math.min(start + (4 << 20), text.length - 1));
    end = end < 0 ? text.length : end + 1;
    const chunk = encoder.encode(text.slice(start, end).replaceAll('"span_id":"', `"span_id":"r${round}-`));
    api.importChunk(handle, chunk);
    fed += chunk.length;
    start = end;
    heapPeak = Math.max(heapPeak, module.HEAPU8.length);
  }
}
const report = api.importFinish(handle);
const seconds = (performance.now() - t0) / 1000;
const count = api.count();
api.close();
console.log(
  JSON.stringify({
    runtime: 'wasm-node-file-db',
    bytes: fed,
    read: report.read,
    imported: report.imported,
    count,
    seconds: +seconds.toFixed(1),
    mb_per_s: +(fed / 1e6 / seconds).toFixed(1),
    wasm_heap_peak_mb: Math.round(heapPeak / 2 ** 20),
    process_rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
  }),
);
