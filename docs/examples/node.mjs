// tracesift under node: import a trace file into a database file, filter it, save an eval dataset
// and export it as JSONL with its recipe. Prints one JSON summary on stdout.
//
//   npm install tracesift
//   node node.mjs TRACES.jsonl [DB_FILE] [OUT_DIR]
import { openAsBlob } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { open, TraceSiftError } from 'tracesift';

const [traces, db = 'traces.db', out = 'export'] = process.argv.slice(2);
if (!traces) {
  console.error('usage: node node.mjs TRACES.jsonl [DB_FILE] [OUT_DIR]');
  process.exit(2);
}

const QUERY = 'kind:llm_call provider:openai';
const DATASET = 'openai-eval';

// The engine runs in a worker thread; the database is an ordinary file (created if missing).
const ts = await open({ path: db });
try {
  const report = await ts.importFile(await openAsBlob(traces), {
    fileName: traces,
    onProgress: (p) => console.error(`read ${p.bytes} of ${p.totalBytes} bytes, ${p.imported} spans new`),
  });
  const matched = await ts.count(QUERY);
  const { spans } = await ts.spans(QUERY, { limit: 3, sort: 'cost', order: 'desc' });

  // A dataset name is unique: replace the one a previous run saved.
  if ((await ts.listDatasets()).some((d) => d.name === DATASET)) await ts.deleteDataset(DATASET);
  const saved = await ts.saveDataset({ name: DATASET, type: 'eval', filter: QUERY, limit: 100, seed: 1 });

  const files = await ts.exportDataset(DATASET, 'jsonl');
  await mkdir(out, { recursive: true });
  for (const file of files) await writeFile(join(out, file.name), new Uint8Array(await file.blob.arrayBuffer()));

  console.log(
    JSON.stringify({
      imported: report.imported,
      matched,
      costliest: spans.map((s) => s.span_id),
      rows: saved.rows,
      rows_hash: saved.recipe.rows_hash,
      files: files.map((f) => ({ name: f.name, bytes: f.blob.size })),
    }),
  );
} catch (e) {
  // Every failure is a TraceSiftError with a stable code (docs/API.md#errors).
  if (!(e instanceof TraceSiftError)) throw e;
  console.error(JSON.stringify({ error: { code: e.code, message: e.message, ...e.details } }));
  process.exitCode = 1;
} finally {
  await ts.close();
}
