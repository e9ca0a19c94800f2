// Import benchmark in headless Chromium: serves dist/ (the npm package as built, loaded as plain
// ES modules) and FILE from 127.0.0.1, opens the engine in its Web Worker through the client, and
// times `importFile` of the file (already in a Blob, so no network time is counted). With --peer,
// times the JavaScript peer (bench/peers: sql.js + JSON.parse) in a module worker instead.
// --storage opfs imports into the database saved in OPFS (docs/STORAGE.md) instead of memory;
// --tuning JSON overrides the engine's storage settings (journal_mode, synchronous, page_size,
// cache_size_kib). Chromium runs on a fresh persistent profile in a temporary folder (a
// throwaway context would keep OPFS in memory), deleted afterwards.
// Usage: node bench/import_chromium.mjs FILE [--peer] [--storage opfs|memory] [--tuning JSON]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPersistentChromium } from '../scripts/chromium.mjs';
import { serveBench } from './bench_server.mjs';

const file = process.argv[2];
const peer = process.argv.includes('--peer');
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const storage = option('--storage', 'memory');
const tuning = option('--tuning', null);
if (!file || !['opfs', 'memory'].includes(storage)) {
  console.error('usage: node bench/import_chromium.mjs FILE [--peer] [--storage opfs|memory] [--tuning JSON]');
  process.exit(2);
}
const mounts = {
  '/sqljs/': fileURLToPath(new URL('../node_modules/sql.js/dist/', import.meta.url)),
  '/peers/': fileURLToPath(new URL('./peers/', import.meta.url)),
};
const peerWorker = `import { importWithSqlJs } from '/peers/sqljs_importer.mjs';
onmessage = async ({ data: blob }) => {
  const source = await (await fetch('/sqljs/sql-wasm.js')).text();
  const initSqlJs = new Function(source + '\\nreturn initSqlJs;')();
  const SQL = await initSqlJs({ locateFile: (f) => '/sqljs/' + f });
  const t0 = performance.now();
  const { read, errors, db } = await importWithSqlJs(SQL, blob.stream());
  const seconds = (performance.now() - t0) / 1000;
  const count = db.exec('SELECT count(*) FROM spans')[0].values[0][0];
  db.close();
  postMessage({ seconds, count, report: { read, imported: count, error_count: errors } });
};`;
const page = `<!doctype html><meta charset="utf-8"><title>tracesift import bench</title>
<script type="module">
  import { open } from '/web/src/index.js';
  window.runBench = async (options) => {
    const ts = await open(options);
    if (options.storage && ts.storage.storage !== options.storage) throw new Error('not in ' + options.storage + ': ' + ts.storage.notice);
    const blob = await (await fetch('/data.jsonl')).blob();
    const t0 = performance.now();
    const report = await ts.importFile(blob, { fileName: 'data.jsonl' });
    const seconds = (performance.now() - t0) / 1000;
    const count = await ts.count();
    await ts.close();
    return { seconds, report, count, bytes: blob.size };
  };
  window.runPeer = async () => {
    const blob = await (await fetch('/data.jsonl')).blob();
    const worker = new Worker('/peer-worker.mjs', { type: 'module' });
    const result = await new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage(blob);
    });
    worker.terminate();
    return { ...result, bytes: blob.size };
  };
  window.benchReady = true;
</script>`;

const server = await serveBench({ page, file, texts: { '/peer-worker.mjs': peerWorker }, mounts });
const port = server.port;

const profile = mkdtempSync(join(tmpdir(), 'tracesift-bench-'));
const browser = await launchPersistentChromium(profile);
try {
  const tab = browser.pages()[0] ?? (await browser.newPage());
  tab.on('pageerror', (e) => console.error('page error:', e.message));
  await tab.goto(`http://127.0.0.1:${port}/`);
  await tab.waitForFunction(() => window.benchReady === true);
  const options = {
    ...(storage === 'opfs' ? { storage: 'opfs' } : {}),
    ...(tuning ? { tuning: JSON.parse(tuning) } : {}),
  };
  const r = await tab.evaluate(([usePeer, o]) => (usePeer ? window.runPeer() : window.runBench(o)), [peer, options]);
  console.log(
    JSON.stringify({
      runtime: peer ? 'js-peer-sqljs-chromium-worker' : 'wasm-chromium-worker',
      ...(peer ? {} : { storage, ...(tuning ? { tuning: JSON.parse(tuning) } : {}) }),
      bytes: r.bytes,
      read: r.report.read,
      imported: r.report.imported,
      errors: r.report.error_count,
      count: r.count,
      seconds: +r.seconds.toFixed(3),
      spans_per_s: Math.round(r.report.read / r.seconds),
      mb_per_s: +(r.bytes / 1e6 / r.seconds).toFixed(1),
    }),
  );
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
