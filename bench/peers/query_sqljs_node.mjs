// The query benchmark's JavaScript peer under node: imports FILE with sql.js
// (bench/peers/sqljs_importer.mjs), then times the cases of bench/query_cases.mjs through
// bench/peers/sqljs_query.mjs. Prints one JSON line (stdout) and a table (stderr).
// Usage: node bench/peers/query_sqljs_node.mjs FILE [--reps N] [--cases ID,ID...] [--index SQL]...
//   --index SQL  extra CREATE INDEX statement run after the import (to mirror engine indexes)
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import initSqlJs from 'sql.js';
import { QUERY_CASES, formatTable, summarize } from '../query_cases.mjs';
import { importWithSqlJs } from './sqljs_importer.mjs';
import { PeerQueries, timeCases } from './sqljs_query.mjs';

const args = process.argv.slice(2);
const file = args[0];
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const reps = Number(opt('--reps', 11));
const only = opt('--cases', null)?.split(',');
const indexes = args.flatMap((a, i) => (a === '--index' ? [args[i + 1]] : []));
if (!file || !(reps >= 2)) {
  console.error('usage: node bench/peers/query_sqljs_node.mjs FILE [--reps N>=2] [--cases ID,...] [--index SQL]...');
  process.exit(2);
}
const cases = only ? QUERY_CASES.filter((c) => only.includes(c.id)) : QUERY_CASES;

const load = () => loadavg().map((x) => +x.toFixed(2));
const loadBefore = load();
const require = createRequire(import.meta.url);
const SQL = await initSqlJs({ locateFile: (f) => require.resolve(`sql.js/dist/${f}`) });
const t0 = performance.now();
const { read, db } = await importWithSqlJs(SQL, createReadStream(file, { highWaterMark: 4 << 20 }));
const importSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
for (const sql of indexes) db.exec(sql);
const indexSeconds = (performance.now() - t1) / 1000;
const spans = db.exec('SELECT count(*) FROM spans')[0].values[0][0];
console.error(`peer: imported ${spans} spans (${read} lines) in ${importSeconds.toFixed(1)} s`);

const { timings, counts } = timeCases(new PeerQueries(db), cases, {
  reps,
  onCase: (id, t) =>
    console.error(
      `  ${id}: ${Object.entries(t)
        .map(([op, ms]) => `${op} ${Math.max(...ms).toFixed(0)} ms`)
        .join(', ')}`,
    ),
});
db.close();
const summary = summarize(timings);
console.error(formatTable(summary, counts));
console.log(
  JSON.stringify({
    runtime: 'js-peer-sqljs-node',
    bytes: statSync(file).size,
    load_before: loadBefore,
    spans,
    import_seconds: +importSeconds.toFixed(2),
    extra_indexes: indexes,
    index_seconds: +indexSeconds.toFixed(2),
    reps,
    page_limit: 50,
    overall: summary.overall,
    cases: Object.fromEntries(Object.entries(summary.cases).map(([id, c]) => [id, { rows: counts[id], ...c }])),
    load_after: load(),
  }),
);
