// DuckDB native (@duckdb/node-api) as the peer of tracesift's import and cold-start benchmarks:
// the tool a person would pick instead for local trace analysis.
//
//   node bench/peers/duckdb/duckdb_peer.mjs import FILE DB [--threads N]
//   node bench/peers/duckdb/duckdb_peer.mjs count DB [--model M]
//   node bench/peers/duckdb/duckdb_peer.mjs facets DB
//
// import loads the native JSONL with read_json (newline-delimited, types detected) into a table
// `spans` of a new database file; count and facets open that file as a one-shot process would.
// Prints one JSON line with the wall time of the work (the process start is timed by the caller).
import { DuckDBInstance } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string' }, model: { type: 'string' } },
});
const [command, ...args] = positionals;

async function connect(db) {
  const options = values.threads ? { threads: values.threads } : {};
  const instance = await DuckDBInstance.create(db, options);
  return instance.connect();
}

const started = performance.now();
let result;
if (command === 'import') {
  const [file, db] = args;
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const connection = await connect(db);
  const quoted = file.replaceAll("'", "''");
  await connection.run(
    `CREATE TABLE spans AS SELECT * FROM read_json('${quoted}', format = 'newline_delimited', sample_size = 20480)`,
  );
  const reader = await connection.runAndReadAll('SELECT count(*) AS n FROM spans');
  result = { rows: Number(reader.getRowObjects()[0].n) };
  connection.closeSync();
} else if (command === 'count') {
  const connection = await connect(args[0]);
  const where = values.model ? `WHERE model = '${values.model.replaceAll("'", "''")}'` : '';
  const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM spans ${where}`);
  result = { count: Number(reader.getRowObjects()[0].n) };
} else if (command === 'facets') {
  const connection = await connect(args[0]);
  const facets = {};
  for (const column of ['model', 'provider', 'environment', 'task', 'kind', 'status', 'name']) {
    const reader = await connection.runAndReadAll(
      `SELECT ${column} AS v, count(*) AS n FROM spans GROUP BY 1 ORDER BY 2 DESC LIMIT 50`,
    );
    facets[column] = reader.getRowObjects().length;
  }
  const ranges = await connection.runAndReadAll(
    'SELECT min(cost_usd), max(cost_usd), min(started_at), max(started_at) FROM spans',
  );
  ranges.getRows();
  result = { facets };
} else {
  throw new Error('usage: duckdb_peer.mjs import FILE DB [--threads N] | count DB [--model M] | facets DB');
}
console.log(JSON.stringify({ peer: 'duckdb', command, seconds: (performance.now() - started) / 1000, ...result }));
