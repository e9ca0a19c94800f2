// Query-latency benchmark (issue 4) in headless Chromium: serves dist/ (the npm package as built,
// loaded as plain ES modules) and the spans file from 127.0.0.1, opens the engine in its Web Worker
// through the client, imports the file into an in-memory database, then times each case of
// bench/query_cases.mjs: the first page (`spans(filter, {limit: 50, sort, order})`), `count` and
// `facets`, `--reps` times each (the first discarded as warm-up), measured on the main thread
// around the client call (so the worker round trip and the page's JSONL parse are included).
// Then, with --rules N > 0, times imports of the file into fresh databases with 0 and with N
// active capture rules (created with `addRule` before the import), after one discarded warm-up
// import, alternating 0/N, N/0, ...
//
// With --peer, the query cases run through the JavaScript peer instead (bench/peers: sql.js +
// JSON.parse import, then bench/peers/sqljs_query.mjs) in a module worker, timed the same way
// around a postMessage round trip; no rules phase.
//
// Prints one JSON line (stdout) and a readable table (stderr).
// Usage: node bench/query_chromium.mjs [--spans-file F] [--reps N] [--rules N] [--import-reps K]
//          [--rule-rates L,H] [--cases ID,ID...] [--no-queries] [--peer [--index SQL]...]
//   --spans-file F   default bench/out/spans-1000000.jsonl (generated with --seed 42 if missing)
//   --reps N         calls per case and operation, the first discarded (default 11)
//   --rules N        capture rules of the import-overhead phase (default 20; 0 skips the phase)
//   --import-reps K  pairs of imports (0 rules, N rules) in that phase (default 2)
//   --rule-rates L,H the rules' sample rates, spread evenly from L to H (default 0.01,0.5)
//   --no-queries     only the import-overhead phase
//   --peer           the sql.js peer instead of the engine
//   --index SQL      (peer) an extra CREATE INDEX run after the peer's import
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { serveBench } from './bench_server.mjs';
import { QUERY_CASES, captureRules, formatTable, percentile, summarize } from './query_cases.mjs';

const USAGE = `usage: node bench/query_chromium.mjs [--spans-file F] [--reps N] [--rules N] [--import-reps K]
         [--rule-rates L,H] [--cases ID,ID...] [--no-queries] [--peer [--index SQL]...]`;
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const repoPath = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const file = opt('--spans-file', repoPath('bench/out/spans-1000000.jsonl'));
const reps = Number(opt('--reps', 11));
const peer = args.includes('--peer');
const ruleCount = peer ? 0 : Number(opt('--rules', 20));
const importReps = Number(opt('--import-reps', 2));
const [rateLo, rateHi] = opt('--rule-rates', '0.01,0.5').split(',').map(Number);
const queries = !args.includes('--no-queries');
const only = opt('--cases', null)?.split(',');
const indexes = args.flatMap((a, i) => (a === '--index' ? [args[i + 1]] : []));
const badRates = !(rateLo >= 0 && rateHi <= 1 && rateLo <= rateHi);
if (!(reps >= 2) || !(ruleCount >= 0) || !(importReps >= 1) || badRates || args.includes('--help')) {
  console.error(USAGE);
  process.exit(2);
}
const cases = only ? QUERY_CASES.filter((c) => only.includes(c.id)) : QUERY_CASES;
if (only && cases.length !== only.length) {
  console.error(`unknown case id among: ${only.join(', ')}`);
  process.exit(2);
}

if (!existsSync(file)) {
  const n = /spans-(\d+)\.jsonl$/.exec(basename(file))?.[1];
  if (!n) {
    console.error(`${file} does not exist (only bench/out/spans-N.jsonl is generated)`);
    process.exit(2);
  }
  mkdirSync(dirname(file), { recursive: true });
  console.error(`generating ${file} ...`);
  const gen = spawnSync(
    process.execPath,
    [repoPath('bench/generate.mjs'), '--spans', n, '--seed', '42', '--out', file],
    {
      stdio: 'inherit',
    },
  );
  if (gen.status !== 0) process.exit(1);
}

const mounts = {
  '/sqljs/': repoPath('node_modules/sql.js/dist/'),
  '/peers/': repoPath('bench/peers/'),
};
// The peer's worker: imports the Blob with sql.js, then answers {id, op, args} with the result of
// PeerQueries[op](...args).
const peerWorker = `import { importWithSqlJs } from '/peers/sqljs_importer.mjs';
import { PeerQueries } from '/peers/sqljs_query.mjs';
let queries;
onmessage = async ({ data: { id, op, args } }) => {
  try {
    if (op === 'import') {
      const [blob, indexes] = args;
      const source = await (await fetch('/sqljs/sql-wasm.js')).text();
      const initSqlJs = new Function(source + '\\nreturn initSqlJs;')();
      const SQL = await initSqlJs({ locateFile: (f) => '/sqljs/' + f });
      const t0 = performance.now();
      const { read, errors, db } = await importWithSqlJs(SQL, blob.stream());
      const seconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      for (const sql of indexes) db.exec(sql);
      const indexSeconds = (performance.now() - t1) / 1000;
      queries = new PeerQueries(db);
      postMessage({ id, result: { seconds, indexSeconds, report: { read, imported: queries.count({}), error_count: errors } } });
    } else {
      postMessage({ id, result: queries[op](...args) });
    }
  } catch (e) {
    postMessage({ id, error: String(e && e.stack || e) });
  }
};`;
const page = `<!doctype html><meta charset="utf-8"><title>tracesift query bench</title>
<script type="module">
  import { open } from '/web/src/index.js';
  let blob;
  let client = null;
  window.loadBlob = async () => {
    blob = await (await fetch('/data.jsonl')).blob();
    return blob.size;
  };
  // A fresh in-memory database with \`rules\` capture rules, then the timed import of the Blob.
  // With keep, the database stays open for the query cases; else it is closed.
  window.importEngine = async (rules, keep) => {
    const ts = await open();
    for (const rule of rules) await ts.addRule(rule);
    const t0 = performance.now();
    const report = await ts.importFile(blob, { fileName: 'data.jsonl' });
    const seconds = (performance.now() - t0) / 1000;
    const count = await ts.count({});
    let datapoints = null;
    let captured = null;
    if (rules.length) {
      datapoints = (await ts.listDatasets()).reduce((n, d) => n + d.rows, 0);
      captured = (await ts.listRules()).map((r) => r.captured);
    }
    if (keep) client = ts;
    else await ts.close();
    return { seconds, report, count, datapoints, captured, version: ts.version };
  };
  // The peer in a module worker, behind the same async spans/count/facets as the client.
  window.importPeer = async (indexes) => {
    const worker = new Worker('/peer-worker.mjs', { type: 'module' });
    const pending = new Map();
    let next = 1;
    worker.onmessage = ({ data }) => {
      const p = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) p.reject(new Error(data.error));
      else p.resolve(data.result);
    };
    worker.onerror = (e) => {
      for (const p of pending.values()) p.reject(new Error(e.message));
      pending.clear();
    };
    const call = (op, ...args) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, op, args });
      });
    const r = await call('import', blob, indexes);
    client = {
      spans: async (filter, q) => ({ spans: await call('spans', filter, q), nextCursor: null }),
      count: (filter) => call('count', filter),
      facets: (filter) => call('facets', filter),
      close: async () => worker.terminate(),
    };
    return { ...r, count: r.report.imported };
  };
  // Times one case: reps calls of each operation, each measured around the awaited call.
  window.runCase = async (c, reps) => {
    const query = { limit: 50, sort: c.sort ?? 'time', order: c.order ?? 'desc' };
    const ops = { page: () => client.spans(c.filter, query) };
    if (!c.pageOnly) {
      ops.count = () => client.count(c.filter);
      ops.facets = () => client.facets(c.filter);
    }
    const timings = {};
    const seen = {};
    for (const [op, fn] of Object.entries(ops)) {
      const ms = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        const result = await fn();
        const dt = performance.now() - t0;
        if (i > 0) ms.push(dt);
        if (op === 'page') seen.pageRows = (Array.isArray(result) ? result : result.spans).length;
        if (op === 'count') seen.count = result;
        if (op === 'facets') seen.facetsTotal = result.total;
      }
      timings[op] = ms;
    }
    return { timings, seen };
  };
  window.closeClient = async () => {
    await client?.close();
    client = null;
  };
  window.benchReady = true;
</script>`;

const server = await serveBench({ page, file, texts: { '/peer-worker.mjs': peerWorker }, mounts });
const port = server.port;

const load = () => loadavg().map((x) => +x.toFixed(2));
const round = (x, d = 3) => +x.toFixed(d);
const result = {
  runtime: peer ? 'js-peer-sqljs-chromium-worker' : 'wasm-chromium-worker',
  file: basename(file),
  bytes: statSync(file).size,
  load_before: load(),
};
const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error('page error:', e.message));
  tab.on('console', (m) => (m.type() === 'error' ? console.error('page console:', m.text()) : undefined));
  await tab.goto(`http://127.0.0.1:${port}/`);
  await tab.waitForFunction(() => window.benchReady === true);
  await tab.evaluate(() => window.loadBlob());

  if (queries) {
    const imp = peer
      ? await tab.evaluate((ix) => window.importPeer(ix), indexes)
      : await tab.evaluate(() => window.importEngine([], true));
    result.engine_version = imp.version;
    result.spans = imp.count;
    result.import = {
      seconds: round(imp.seconds),
      mb_per_s: round(result.bytes / 1e6 / imp.seconds, 1),
      read: imp.report.read,
      imported: imp.report.imported,
      errors: imp.report.error_count,
    };
    if (peer) Object.assign(result, { extra_indexes: indexes, index_seconds: round(imp.indexSeconds) });
    console.error(
      `${result.runtime}: imported ${imp.count} spans in ${imp.seconds.toFixed(1)} s; ${cases.length} cases x ${reps} reps`,
    );

    const timings = {};
    const counts = {};
    const problems = [];
    for (const c of cases) {
      const { timings: t, seen } = await tab.evaluate(([c, reps]) => window.runCase(c, reps), [c, reps]);
      timings[c.id] = t;
      if (seen.count != null) {
        counts[c.id] = seen.count;
        if (seen.facetsTotal !== seen.count)
          problems.push(`${c.id}: facets.total ${seen.facetsTotal} != count ${seen.count}`);
        if (seen.pageRows !== Math.min(50, seen.count))
          problems.push(`${c.id}: page of ${seen.pageRows} rows, count ${seen.count}`);
      }
      console.error(
        `  ${c.id}: ` +
          Object.entries(t)
            .map(([op, ms]) => `${op} p50 ${percentile(ms, 50).toFixed(1)} / max ${Math.max(...ms).toFixed(1)} ms`)
            .join(', '),
      );
    }
    await tab.evaluate(() => window.closeClient());
    const summary = summarize(timings);
    console.error(formatTable(summary, counts));
    for (const p of problems) console.error('MISMATCH ' + p);
    Object.assign(result, {
      reps,
      page_limit: 50,
      overall: summary.overall,
      cases: Object.fromEntries(Object.entries(summary.cases).map(([id, c]) => [id, { rows: counts[id], ...c }])),
      problems,
    });
  }

  if (ruleCount > 0) {
    const rules = captureRules(ruleCount, { lo: rateLo, hi: rateHi });
    const runs = [];
    let capturedPerRule = null;
    // A first, discarded import: the first one in a fresh browser (or after the query phase's
    // database is dropped) runs slower than the ones after it.
    const warm = await tab.evaluate(() => window.importEngine([], false));
    console.error(`  warm-up import (discarded): ${warm.seconds.toFixed(2)} s`);
    for (let i = 0; i < importReps; i++) {
      for (const n of i % 2 === 0 ? [0, ruleCount] : [ruleCount, 0]) {
        const r = await tab.evaluate(([rs]) => window.importEngine(rs, false), [n ? rules : []]);
        runs.push({
          rules: n,
          seconds: round(r.seconds),
          mb_per_s: round(result.bytes / 1e6 / r.seconds, 1),
          imported: r.report.imported,
          datapoints: r.datapoints,
        });
        console.error(
          `  import with ${n} rules: ${r.seconds.toFixed(2)} s` + (n ? `, ${r.datapoints} datapoints` : ''),
        );
        if (n) capturedPerRule ??= r.captured;
      }
    }
    const secs = (n) => runs.filter((r) => r.rules === n).map((r) => r.seconds);
    const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const [b, w] = [secs(0), secs(ruleCount)];
    result.rules_import = {
      rules: ruleCount,
      rule_defs: rules,
      warmup_seconds: round(warm.seconds),
      runs,
      seconds_0_min: Math.min(...b),
      seconds_n_min: Math.min(...w),
      overhead_pct_min: round((100 * (Math.min(...w) - Math.min(...b))) / Math.min(...b), 1),
      overhead_pct_mean: round((100 * (mean(w) - mean(b))) / mean(b), 1),
      goal_pct: 10,
      datapoints: runs.find((r) => r.rules)?.datapoints,
      captured_per_rule: capturedPerRule,
    };
    console.error(
      `import overhead of ${ruleCount} rules: ${result.rules_import.overhead_pct_min}% (min of ${importReps}), ` +
        `${result.rules_import.overhead_pct_mean}% (mean)`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
result.load_after = load();
console.log(JSON.stringify(result));
