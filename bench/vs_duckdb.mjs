// tracesift beside DuckDB native on the same JSONL file, interleaved: import (tracesift's CLI,
// the wasm engine under node; its native twin when built; DuckDB's read_json with 1 thread and with
// all cores), then one-shot `count` and `facets` processes on each tool's database. Medians and
// ratios (DuckDB time / tracesift time: above 1, tracesift is faster).
//
//   npm ci --prefix bench/peers/duckdb      # once: the peer (pinned, not part of the setup)
//   node bench/vs_duckdb.mjs --file bench/out/spans-200000.jsonl [--reps 3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { file: { type: 'string' }, reps: { type: 'string', default: '3' } } });
if (!values.file) throw new Error('usage: node bench/vs_duckdb.mjs --file FILE [--reps N]');
const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli', 'tracesift.js');
const peer = join(root, 'bench', 'peers', 'duckdb', 'duckdb_peer.mjs');
const native = join(root, 'build', 'native-release', 'bench', 'bench_import_native');
if (!existsSync(join(root, 'bench', 'peers', 'duckdb', 'node_modules')))
  throw new Error('install the peer first: npm ci --prefix bench/peers/duckdb');
const dir = mkdtempSync(join(tmpdir(), 'tracesift-vs-duckdb-'));
const mb = statSync(values.file).size / 1e6;

/** Wall seconds of one process (as a person running the command waits for it). */
function wall(command, args) {
  const started = performance.now();
  const out = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${out.stderr}`);
  return (performance.now() - started) / 1000;
}

const ts = join(dir, 'tracesift.db');
const duck = join(dir, 'duck.db');
const runs = {};
const add = (name, seconds) => (runs[name] ??= []).push(seconds);
for (let rep = 0; rep < Number(values.reps); rep++) {
  rmSync(ts, { force: true });
  add('import: tracesift CLI (wasm, node)', wall(process.execPath, [cli, 'import', values.file, '--db', ts]));
  if (existsSync(native)) {
    const nativeDb = join(dir, 'native.db');
    rmSync(nativeDb, { force: true });
    add('import: tracesift native', wall(native, [values.file, nativeDb]));
  }
  add(
    'import: DuckDB read_json, 1 thread',
    wall(process.execPath, [peer, 'import', values.file, duck, '--threads', '1']),
  );
  add('import: DuckDB read_json, all cores', wall(process.execPath, [peer, 'import', values.file, duck]));
  add('count: tracesift CLI', wall(process.execPath, [cli, 'count', '--db', ts]));
  add('count: DuckDB', wall(process.execPath, [peer, 'count', duck]));
  add(
    'count model:gpt-4o: tracesift CLI',
    wall(process.execPath, [cli, 'count', '--db', ts, '--query', 'model:gpt-4o']),
  );
  add('count model:gpt-4o: DuckDB', wall(process.execPath, [peer, 'count', duck, '--model', 'gpt-4o']));
  add('facets: tracesift CLI', wall(process.execPath, [cli, 'facets', '--db', ts]));
  add('facets: DuckDB', wall(process.execPath, [peer, 'facets', duck]));
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {};
for (const [name, xs] of Object.entries(runs)) {
  const s = median(xs);
  result[name] = {
    seconds: Number(s.toFixed(3)),
    ...(name.startsWith('import') ? { mb_per_s: Number((mb / s).toFixed(1)) } : {}),
    runs: xs.map((x) => Number(x.toFixed(3))),
  };
}
const ratio = (duckName, tsName) => Number((result[duckName].seconds / result[tsName].seconds).toFixed(2));
result.ratios = {
  'import, CLI vs DuckDB 1 thread': ratio('import: DuckDB read_json, 1 thread', 'import: tracesift CLI (wasm, node)'),
  count: ratio('count: DuckDB', 'count: tracesift CLI'),
  'count model:gpt-4o': ratio('count model:gpt-4o: DuckDB', 'count model:gpt-4o: tracesift CLI'),
  facets: ratio('facets: DuckDB', 'facets: tracesift CLI'),
};
if (result['import: tracesift native'])
  result.ratios['import, native vs DuckDB 1 thread'] = ratio(
    'import: DuckDB read_json, 1 thread',
    'import: tracesift native',
  );
console.log(
  JSON.stringify({ file: values.file, mb: Number(mb.toFixed(1)), reps: Number(values.reps), result }, null, 1),
);
