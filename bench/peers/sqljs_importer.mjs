// The JavaScript peer of the import benchmark: what a developer would write without tracesift —
// sql.js (SQLite compiled to wasm), JSON.parse per line, prepared upserts into the same table and
// indexes, one transaction per 5,000 records. Runs under node and in a browser worker alike.

/** The same table and indexes as tracesift's schema, so both sides maintain equal work. */
export const PEER_SCHEMA = `
CREATE TABLE spans (
  id INTEGER PRIMARY KEY, span_id TEXT NOT NULL UNIQUE, trace_id TEXT NOT NULL, parent_span_id TEXT,
  name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, model TEXT, provider TEXT,
  environment TEXT, task TEXT, session_id TEXT, user_id TEXT, input_tokens INTEGER,
  output_tokens INTEGER, cost_usd REAL, started_ns INTEGER NOT NULL, ended_ns INTEGER, input TEXT,
  output TEXT, attributes TEXT NOT NULL DEFAULT '{}', error TEXT);
CREATE INDEX spans_started ON spans(started_ns);
CREATE INDEX spans_trace ON spans(trace_id);
CREATE INDEX spans_model ON spans(model, started_ns);`;

const COLUMNS = [
  'span_id',
  'trace_id',
  'parent_span_id',
  'name',
  'kind',
  'status',
  'model',
  'provider',
  'environment',
  'task',
  'session_id',
  'user_id',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'started_ns',
  'ended_ns',
  'input',
  'output',
  'attributes',
  'error',
];
const UPSERT = `INSERT INTO spans (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})
  ON CONFLICT(span_id) DO UPDATE SET ${COLUMNS.slice(1)
    .map((c) => `${c}=coalesce(excluded.${c}, ${c})`)
    .join(',')}`;

const toNs = (iso) => (iso == null ? null : Date.parse(iso) * 1e6);
const json = (v) => (v == null ? null : JSON.stringify(v));

/**
 * Imports JSONL bytes (an async iterable of Uint8Array chunks) with sql.js. Returns
 * `{read, errors, db}`; the caller closes `db`.
 */
export async function importWithSqlJs(SQL, chunks) {
  const db = new SQL.Database();
  db.exec('PRAGMA page_size=16384; PRAGMA cache_size=-32768;');
  db.exec(PEER_SCHEMA);
  const insert = db.prepare(UPSERT);
  const decoder = new TextDecoder();
  let pending = '';
  let read = 0;
  let errors = 0;
  let inBatch = 0;
  db.exec('BEGIN');
  const line = (text) => {
    if (!text.trim()) return;
    read++;
    let r;
    try {
      r = JSON.parse(text);
    } catch {
      errors++;
      return;
    }
    if (typeof r.span_id !== 'string' || typeof r.started_at !== 'string') {
      errors++;
      return;
    }
    insert.run([
      r.span_id,
      r.trace_id,
      r.parent_span_id ?? null,
      r.name,
      r.kind ?? 'custom',
      r.status ?? (r.ended_at ? 'completed' : 'running'),
      r.model ?? null,
      r.provider?.toLowerCase() ?? null,
      r.environment ?? null,
      r.task ?? null,
      r.session_id ?? null,
      r.user_id ?? null,
      r.input_tokens ?? null,
      r.output_tokens ?? null,
      r.cost_usd ?? null,
      toNs(r.started_at),
      toNs(r.ended_at),
      json(r.input),
      json(r.output),
      json(r.attributes ?? {}),
      r.error ?? null,
    ]);
    if (++inBatch === 5000) {
      db.exec('COMMIT; BEGIN');
      inBatch = 0;
    }
  };
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      line(pending.slice(start, nl));
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  line(pending + decoder.decode());
  db.exec('COMMIT');
  insert.free();
  return { read, errors, db };
}
