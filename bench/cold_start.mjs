// Cold start at scale: a one-shot CLI command on a big database, with the fact table read from its
// persisted copy versus rebuilt from the spans (what every cold start paid before the copy), and
// the CLI's own floor (the same command on the 1,000 sample spans). Runs interleaved, medians.
//
//   node bench/cold_start.mjs --db DB [--small SMALL_DB] [--reps 5]
//
// DB is copied once per rep (it is not changed); the "rebuilt" variant drops the copy's parts from
// that fresh copy first (through python3's sqlite3 module), so its command rebuilds the table from
// the spans and saves it; the commands after it in the same rep then read the copy. A count of
// every span needs no table (SQLite counts it), so the rebuilt and copy runs use a filtered count.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { db: { type: 'string' }, small: { type: 'string' }, reps: { type: 'string', default: '5' } },
});
if (!values.db) throw new Error('usage: node bench/cold_start.mjs --db DB [--small SMALL_DB] [--reps N]');
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'tracesift.js');
const dir = mkdtempSync(join(tmpdir(), 'tracesift-cold-'));
const copy = join(dir, 'cold.db');

/** Wall seconds and peak RSS (KB) of one CLI run. */
function run(args) {
  const out = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`tracesift ${args.join(' ')} failed: ${out.stderr}`);
  const [wall, rss] = out.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, rssMb: rss / 1024 };
}

function dropCopy(db) {
  const py = 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM fact_cache"); c.commit()';
  execFileSync('python3', ['-c', py, db]);
}

const filtered = ['--query', 'model:gpt-4o'];
const cases = {
  'count model:gpt-4o, rebuilt': [],
  'count model:gpt-4o, from the copy': [],
  'facets, from the copy': [],
  'spans --sort cost --limit 10, from the copy': [],
  'count (every span: SQLite, no table)': [],
  'count, 1,000 spans (the CLI floor)': [],
};
for (let rep = 0; rep < Number(values.reps); rep++) {
  copyFileSync(values.db, copy);
  dropCopy(copy);
  cases['count model:gpt-4o, rebuilt'].push(run(['count', '--db', copy, ...filtered]));
  cases['count model:gpt-4o, from the copy'].push(run(['count', '--db', copy, ...filtered]));
  cases['facets, from the copy'].push(run(['facets', '--db', copy]));
  cases['spans --sort cost --limit 10, from the copy'].push(
    run(['spans', '--db', copy, '--sort', 'cost', '--limit', '10']),
  );
  cases['count (every span: SQLite, no table)'].push(run(['count', '--db', copy]));
  if (values.small) cases['count, 1,000 spans (the CLI floor)'].push(run(['count', '--db', values.small]));
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {};
for (const [name, runs] of Object.entries(cases)) {
  if (runs.length === 0) continue;
  result[name] = {
    wall_s: median(runs.map((r) => r.wall)),
    rss_mb: Math.round(median(runs.map((r) => r.rssMb))),
    runs: runs.map((r) => r.wall),
  };
}
console.log(JSON.stringify({ db: values.db, reps: Number(values.reps), result }, null, 1));
