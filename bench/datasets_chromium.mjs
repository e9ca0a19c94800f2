// Dataset benchmark (issue 5) in headless Chromium: serves dist/ (the npm package as built, loaded
// as plain ES modules) and the spans file from 127.0.0.1, opens the engine in its Web Worker
// through the client (`open()`), imports the file (into ':memory:', or with --db into a file of
// the worker's file system, which in the browser is emscripten's in-memory MEMFS), then, --reps
// times, times on the main thread around each awaited client call (worker round trip included):
//   1. `saveDataset({name: 'ev', type: 'eval', limit: 10000, seed})` — the 10k eval set;
//   2. `saveDataset({name: 'tr', type: 'training', exclude: 'ev', seed,
//      leakage: {near_duplicate: false}})` — training without it, cheap checks only (same span,
//      same input, same group); 1 + 2 is the goal (≤ 2 s);
//   3. `exportDataset('tr', format, {onProgress})` for each of --formats: bytes (sum of the
//      returned files' Blob sizes, recipe and card included), rows, rejected rows, seconds, MB/s
//      (goal ≥ 200 MB/s at 1M rows); then 'tr' is deleted (timed, for information);
//   4. `saveDataset({name: 'tr_nd', type: 'training', exclude: 'ev', seed})` — every check on
//      (the default leakage, near-duplicates included); its time less 2's is the near-duplicate
//      check's share (goal ≤ 10 s over 1M inputs); then 'tr_nd' and 'ev' are deleted.
// --filter QUERY (query text or a JSON filter object) restricts every save to that slice.
// Design note: 'tr' is exported and deleted before 'tr_nd' is saved, so the database never holds
// two training sets at once (each is a snapshot of up to 1M rows; wasm memory is capped at 4 GB).
// Every rep saves the same datasets anew, so each rep's reports (counts, rows_hash) must agree;
// a difference is listed under "problems".
//
// Prints one JSON line (stdout) and a readable table (stderr).
// Usage: node bench/datasets_chromium.mjs [--spans-file F] [--reps N] [--seed S] [--filter Q]
//          [--formats jsonl,openai-chat,csv,hf] [--skip-near-dup] [--db PATH]
//   --spans-file F   default bench/out/spans-1000000.jsonl (generated with --seed 42 if missing)
//   --reps N         repetitions of the whole sequence (default 3); median and min are reported
//   --seed S         the datasets' ranking seed (default 7)
//   --filter Q       the slice every dataset is saved from (default: all completed spans)
//   --formats L      export formats, comma-separated (default all four; "" for none)
//   --skip-near-dup  leave out step 4
//   --db PATH        open PATH in the worker's file system instead of ':memory:'
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { serveBench } from './bench_server.mjs';

const USAGE = `usage: node bench/datasets_chromium.mjs [--spans-file F] [--reps N] [--seed S] [--filter Q]
         [--formats jsonl,openai-chat,csv,hf] [--skip-near-dup] [--db PATH]`;
const FORMATS = ['jsonl', 'openai-chat', 'csv', 'hf'];
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const repoPath = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const file = opt('--spans-file', repoPath('bench/out/spans-1000000.jsonl'));
const reps = Number(opt('--reps', 3));
const seed = Number(opt('--seed', 7));
const filterText = opt('--filter', null);
const formats = opt('--formats', FORMATS.join(',')).split(',').filter(Boolean);
const nearDup = !args.includes('--skip-near-dup');
const dbPath = opt('--db', ':memory:');
const known = new Set(['--spans-file', '--reps', '--seed', '--filter', '--formats', '--db']);
const flags = new Set(['--skip-near-dup']);
const unknown = args.filter((a, i) => a.startsWith('--') && !known.has(a) && !flags.has(a) && !known.has(args[i - 1]));
if (
  !(Number.isInteger(reps) && reps >= 1) ||
  !Number.isInteger(seed) ||
  formats.some((f) => !FORMATS.includes(f)) ||
  unknown.length ||
  args.includes('--help')
) {
  console.error(USAGE);
  process.exit(2);
}
// A filter given as JSON is an object; anything else is query text.
let filter;
if (filterText != null) {
  try {
    filter = JSON.parse(filterText);
  } catch {
    filter = filterText;
  }
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
    { stdio: 'inherit' },
  );
  if (gen.status !== 0) process.exit(1);
}

const page = `<!doctype html><meta charset="utf-8"><title>tracesift datasets bench</title>
<script type="module">
  import { open } from '/web/src/index.js';
  let blob;
  let client = null;
  window.loadBlob = async () => {
    blob = await (await fetch('/data.jsonl')).blob();
    return blob.size;
  };
  // Opens the database at \`path\` and imports the Blob (timed).
  window.openAndImport = async (path) => {
    client = await open({ path });
    const t0 = performance.now();
    const report = await client.importFile(blob, { fileName: 'data.jsonl' });
    const seconds = (performance.now() - t0) / 1000;
    const count = await client.count({});
    const completed = await client.count({ status: 'completed' });
    return { seconds, report, count, completed, version: client.version };
  };
  // One timed saveDataset; the report comes back without its recipe but with the rows hash.
  window.save = async (request) => {
    const t0 = performance.now();
    const report = await client.saveDataset(request);
    const seconds = (performance.now() - t0) / 1000;
    const { recipe, ...rest } = report;
    return { seconds, report: { ...rest, rows_hash: recipe?.rows_hash ?? null } };
  };
  // One timed exportDataset; the Blobs are measured after the clock stops, then dropped.
  window.exportOne = async (name, format) => {
    let pieces = 0;
    let last = { rows: 0, rejected: 0 };
    const t0 = performance.now();
    const files = await client.exportDataset(name, format, {
      onProgress: (p) => {
        pieces++;
        last = p;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const sizes = Object.fromEntries(files.map((f) => [f.name, f.blob.size]));
    const bytes = files.reduce((n, f) => n + f.blob.size, 0);
    return { seconds, bytes, sizes, pieces, rows: last.rows, rejected: last.rejected };
  };
  window.del = async (name) => {
    const t0 = performance.now();
    const r = await client.deleteDataset(name);
    return { seconds: (performance.now() - t0) / 1000, datapoints: r.datapoints };
  };
  window.listDatasets = () => client.listDatasets();
  window.closeClient = async () => {
    await client?.close();
    client = null;
  };
  window.benchReady = true;
</script>`;

const server = await serveBench({ page, file });
const port = server.port;

const load = () => loadavg().map((x) => +x.toFixed(2));
const round = (x, d = 3) => +x.toFixed(d);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ seconds: xs.map((x) => round(x)), median: round(median(xs)), min: round(Math.min(...xs)) });
const mb = (bytes) => bytes / 1e6;

const GOALS = { eval_plus_training_s: 2, near_dup_s: 10, export_mb_per_s: 200 };
const result = {
  runtime: 'wasm-chromium-worker',
  file: basename(file),
  bytes: statSync(file).size,
  db: dbPath,
  seed,
  filter: filter ?? null,
  reps,
  formats,
  near_dup_check: nearDup,
  goals: GOALS,
  load_before: load(),
};
const withFilter = (req) => (filter === undefined ? req : { ...req, filter });
const requests = {
  ev: withFilter({ name: 'ev', type: 'eval', limit: 10000, seed }),
  tr: withFilter({ name: 'tr', type: 'training', exclude: 'ev', seed, leakage: { near_duplicate: false } }),
  tr_nd: withFilter({ name: 'tr_nd', type: 'training', exclude: 'ev', seed }),
};

const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error('page error:', e.message));
  tab.on('console', (m) => (m.type() === 'error' ? console.error('page console:', m.text()) : undefined));
  await tab.goto(`http://127.0.0.1:${port}/`);
  await tab.waitForFunction(() => window.benchReady === true);
  await tab.evaluate(() => window.loadBlob());

  const imp = await tab.evaluate((p) => window.openAndImport(p), dbPath);
  result.engine_version = imp.version;
  result.spans = imp.count;
  result.completed_spans = imp.completed;
  result.import = {
    seconds: round(imp.seconds),
    mb_per_s: round(mb(result.bytes) / imp.seconds, 1),
    read: imp.report.read,
    imported: imp.report.imported,
    errors: imp.report.error_count,
  };
  console.error(
    `${result.runtime}: imported ${imp.count} spans (${imp.completed} completed) into ${dbPath} in ` +
      `${imp.seconds.toFixed(1)} s; ${reps} reps, seed ${seed}` +
      (filter !== undefined ? `, filter ${JSON.stringify(filter)}` : ''),
  );

  const saves = { ev: [], tr: [], tr_nd: [] };
  const deletes = { tr: [], tr_nd: [], ev: [] };
  const exportsRuns = Object.fromEntries(formats.map((f) => [f, []]));
  const problems = [];
  const save = async (key) => {
    const r = await tab.evaluate((req) => window.save(req), requests[key]);
    saves[key].push(r);
    const x = r.report.excluded;
    console.error(
      `  save ${key.padEnd(5)} ${r.seconds.toFixed(3)} s: ${r.report.rows} rows of ${r.report.candidates} candidates` +
        (r.report.type === 'training'
          ? `, excluded ${x.total} (span ${x.same_span}, input ${x.same_input}, group ${x.same_group}, ` +
            `near-dup ${x.near_duplicate})`
          : '') +
        (r.report.warnings.length ? `; warnings: ${r.report.warnings.join('; ')}` : ''),
    );
  };
  const del = async (name) => {
    const r = await tab.evaluate((n) => window.del(n), name);
    deletes[name].push(r);
    console.error(`  delete ${name}: ${r.seconds.toFixed(3)} s (${r.datapoints} datapoints)`);
  };

  for (let rep = 0; rep < reps; rep++) {
    console.error(`rep ${rep + 1}/${reps} (load ${load().join(' ')})`);
    await save('ev');
    await save('tr');
    for (const format of formats) {
      const r = await tab.evaluate(([n, f]) => window.exportOne(n, f), ['tr', format]);
      exportsRuns[format].push(r);
      console.error(
        `  export tr ${format.padEnd(11)} ${r.seconds.toFixed(3)} s: ${r.rows} rows (${r.rejected} rejected), ` +
          `${(r.bytes / 1e6).toFixed(1)} MB, ${(mb(r.bytes) / r.seconds).toFixed(1)} MB/s, ${r.pieces} pieces`,
      );
    }
    await del('tr');
    if (nearDup) {
      await save('tr_nd');
      await del('tr_nd');
    }
    await del('ev');
    const left = await tab.evaluate(() => window.listDatasets());
    if (left.length) problems.push(`rep ${rep + 1}: datasets left after deleting: ${left.map((d) => d.name)}`);
  }
  await tab.evaluate(() => window.closeClient());

  // Every rep must have built the same datasets and exported the same bytes.
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const shape = (r) => ({ ...r.report, warnings: undefined });
  for (const [key, runs] of Object.entries(saves)) {
    runs.forEach((r, i) => {
      if (i > 0 && !same(shape(r), shape(runs[0])))
        problems.push(
          `${key}: rep ${i + 1} report ${JSON.stringify(r.report)} != rep 1 ${JSON.stringify(runs[0].report)}`,
        );
    });
  }
  // Bytes may differ a little between reps: datapoint ids grow from rep to rep, and jsonl and hf
  // write them; rows, rejections and file names may not.
  for (const [format, runs] of Object.entries(exportsRuns)) {
    const files = (r) => Object.keys(r.sizes).join(',');
    runs.forEach((r, i) => {
      if (i > 0 && (r.rows !== runs[0].rows || r.rejected !== runs[0].rejected || files(r) !== files(runs[0])))
        problems.push(
          `export ${format}: rep ${i + 1} ${r.rows} rows, ${r.rejected} rejected, files ${files(r)} != ` +
            `rep 1 ${runs[0].rows}, ${runs[0].rejected}, ${files(runs[0])}`,
        );
    });
  }
  const tr0 = saves.tr[0].report;
  if (tr0.rows > 0) {
    for (const [format, runs] of Object.entries(exportsRuns)) {
      if (runs[0].rows + runs[0].rejected !== tr0.rows && format !== 'hf')
        problems.push(
          `export ${format}: ${runs[0].rows} rows + ${runs[0].rejected} rejected != ${tr0.rows} rows of tr`,
        );
    }
  }

  const saveSummary = (key) => ({ ...stats(saves[key].map((r) => r.seconds)), report: saves[key][0].report });
  result.saves = { ev: saveSummary('ev'), tr: saveSummary('tr') };
  const sums = saves.ev.map((r, i) => r.seconds + saves.tr[i].seconds);
  result.eval_plus_training = {
    ...stats(sums),
    goal_s: GOALS.eval_plus_training_s,
    met_median: median(sums) <= GOALS.eval_plus_training_s,
  };
  if (nearDup) {
    result.saves.tr_nd = saveSummary('tr_nd');
    const x = result.saves.tr_nd.report.excluded;
    const shares = saves.tr_nd.map((r, i) => r.seconds - saves.tr[i].seconds);
    result.near_dup = {
      ...stats(shares),
      // The inputs the near-duplicate check ran over: the candidates no cheaper check caught.
      inputs_checked: result.saves.tr_nd.report.candidates - (x.same_span + x.same_input + x.same_group),
      eval_rows: result.saves.ev.report.rows,
      goal_s: GOALS.near_dup_s,
      met_median: median(shares) <= GOALS.near_dup_s,
    };
  }
  result.exports = Object.fromEntries(
    Object.entries(exportsRuns).map(([format, runs]) => {
      const secs = runs.map((r) => r.seconds);
      const { rows, rejected, sizes, pieces } = runs[0];
      const rates = runs.map((r) => mb(r.bytes) / r.seconds);
      return [
        format,
        {
          dataset: 'tr',
          bytes: median(runs.map((r) => r.bytes)),
          bytes_per_rep: runs.map((r) => r.bytes),
          rows,
          rejected,
          files: sizes,
          pieces,
          ...stats(secs),
          mb_per_s_median: round(median(rates), 1),
          mb_per_s_best: round(Math.max(...rates), 1),
          goal_mb_per_s: GOALS.export_mb_per_s,
          met_median: median(rates) >= GOALS.export_mb_per_s,
        },
      ];
    }),
  );
  result.deletes = Object.fromEntries(
    Object.entries(deletes)
      .filter(([, rs]) => rs.length)
      .map(([name, rs]) => [name, { ...stats(rs.map((r) => r.seconds)), datapoints: rs[0].datapoints }]),
  );
  result.problems = problems;

  // The readable table.
  const line = (label, s, extra, goal = '') =>
    `${label.padEnd(34)} ${String(s.median.toFixed(3)).padStart(9)} ${String(s.min.toFixed(3)).padStart(9)}  ${goal.padEnd(10)} ${extra}`;
  const exc = (r) =>
    `${r.rows} rows / ${r.candidates} candidates; excluded ${r.excluded.total} ` +
    `(span ${r.excluded.same_span}, input ${r.excluded.same_input}, group ${r.excluded.same_group}, ` +
    `near-dup ${r.excluded.near_duplicate})`;
  const out = [
    `\n${result.file}: ${result.spans} spans, db ${dbPath}, ${reps} reps (median / min seconds)`,
    `${'step'.padEnd(34)} ${'median s'.padStart(9)} ${'min s'.padStart(9)}  ${'goal'.padEnd(10)} details`,
    line(
      '1. save eval (limit 10k)',
      result.saves.ev,
      `${result.saves.ev.report.rows} rows / ${result.saves.ev.report.candidates} candidates`,
    ),
    line('2. save training, cheap checks', result.saves.tr, exc(result.saves.tr.report)),
    line(
      '3. eval + training (1 + 2)',
      result.eval_plus_training,
      result.eval_plus_training.met_median ? 'met' : 'NOT met',
      `<= ${GOALS.eval_plus_training_s} s`,
    ),
  ];
  if (nearDup) {
    out.push(line('4. save training, every check', result.saves.tr_nd, exc(result.saves.tr_nd.report)));
    out.push(
      line(
        '   near-duplicate share (4 - 2)',
        result.near_dup,
        `${result.near_dup.inputs_checked} inputs checked against ${result.near_dup.eval_rows} eval rows; ` +
          (result.near_dup.met_median ? 'met' : 'NOT met'),
        `<= ${GOALS.near_dup_s} s`,
      ),
    );
  }
  for (const [format, e] of Object.entries(result.exports)) {
    out.push(
      line(
        `5. export tr ${format}`,
        e,
        `${e.rows} rows (${e.rejected} rejected), ${(e.bytes / 1e6).toFixed(1)} MB, ` +
          `${e.mb_per_s_median} MB/s median, ${e.mb_per_s_best} best; ${e.met_median ? 'met' : 'NOT met'}`,
        `>= ${GOALS.export_mb_per_s} MB/s`,
      ),
    );
  }
  for (const [name, d] of Object.entries(result.deletes))
    out.push(line(`   delete ${name}`, d, `${d.datapoints} datapoints`));
  console.error(out.join('\n'));
  for (const p of problems) console.error('PROBLEM ' + p);
} finally {
  await browser.close();
  server.close();
}
result.load_after = load();
console.log(JSON.stringify(result));
