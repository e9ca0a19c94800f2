#include "schema.hpp"

#include <array>
#include <string>
#include <string_view>

#include "../error.hpp"

namespace tracesift::store {
namespace {

// Design note: migrations are append-only. Version N is the state after kMigrations[N-1] ran;
// never edit a released step, add a new one.
constexpr std::array<std::string_view, 6> kMigrations{
    R"sql(
CREATE TABLE spans (
  id INTEGER PRIMARY KEY,
  span_id TEXT NOT NULL UNIQUE,
  trace_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  model TEXT,
  provider TEXT,
  environment TEXT,
  task TEXT,
  session_id TEXT,
  user_id TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost_usd REAL,
  started_ns INTEGER NOT NULL,
  ended_ns INTEGER,
  input TEXT,
  output TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  error TEXT
);
CREATE INDEX spans_started ON spans(started_ns);
CREATE INDEX spans_trace ON spans(trace_id);
CREATE INDEX spans_model ON spans(model, started_ns);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql",
    // v2: queries run on the engine's in-memory fact table (engine/query/fact_table.hpp), so the
    // time and model indexes only slowed imports down; datasets, capture rules and datapoints.
    // AUTOINCREMENT keeps ids of deleted rules and datapoints from being reused.
    R"sql(
DROP INDEX spans_started;
DROP INDEX spans_model;
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('eval', 'training', 'collection')),
  created_ns INTEGER NOT NULL,
  recipe TEXT
);
CREATE TABLE rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id),
  name TEXT NOT NULL,
  filters TEXT NOT NULL,
  sample_rate REAL NOT NULL CHECK (sample_rate >= 0 AND sample_rate <= 1),
  seed INTEGER NOT NULL,
  created_ns INTEGER NOT NULL,
  UNIQUE (dataset_id, name)
);
CREATE TABLE datapoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id),
  source TEXT NOT NULL,
  source_span_id TEXT,
  span_row INTEGER,
  rule_id INTEGER,
  input TEXT,
  output TEXT,
  created_ns INTEGER NOT NULL
);
CREATE INDEX datapoints_dataset ON datapoints(dataset_id, id);
CREATE UNIQUE INDEX datapoints_capture ON datapoints(rule_id, span_row) WHERE rule_id IS NOT NULL;
)sql",
    // v3: datapoints keep what leakage checks and exports need from their span at save time:
    // its grouping keys and a JSON object of its metadata (model, provider, tokens, ...).
    R"sql(
ALTER TABLE datapoints ADD COLUMN trace_id TEXT;
ALTER TABLE datapoints ADD COLUMN session_id TEXT;
ALTER TABLE datapoints ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
)sql",
    // v4: a datapoint taken from a span links to the span's content instead of copying it, so a
    // saved dataset costs a small row per span. Before a linked span changes or is deleted, the
    // triggers copy its old version into span_snapshots (once, shared by every datapoint linked to
    // it) and point those datapoints there: a datapoint always reads its span as it was when taken.
    // Readers go through the datapoint_content view. v3 datapoints keep their own copies (linked = 0).
    R"sql(
CREATE TABLE span_snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  span_row INTEGER NOT NULL,
  span_id TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  model TEXT,
  provider TEXT,
  environment TEXT,
  task TEXT,
  session_id TEXT,
  user_id TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost_usd REAL,
  started_ns INTEGER NOT NULL,
  ended_ns INTEGER,
  input TEXT,
  output TEXT,
  attributes TEXT NOT NULL,
  error TEXT
);
ALTER TABLE datapoints ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE datapoints ADD COLUMN snapshot_id INTEGER REFERENCES span_snapshots(id);
CREATE INDEX datapoints_live ON datapoints(span_row) WHERE linked AND snapshot_id IS NULL;
CREATE INDEX datapoints_snapshot ON datapoints(snapshot_id) WHERE snapshot_id IS NOT NULL;
CREATE TRIGGER spans_keep_linked_on_update BEFORE UPDATE ON spans
WHEN EXISTS (SELECT 1 FROM datapoints WHERE span_row = old.id AND linked AND snapshot_id IS NULL)
BEGIN
  INSERT INTO span_snapshots (span_row, span_id, trace_id, parent_span_id, name, kind, status,
    model, provider, environment, task, session_id, user_id, input_tokens, output_tokens, cost_usd,
    started_ns, ended_ns, input, output, attributes, error)
  VALUES (old.id, old.span_id, old.trace_id, old.parent_span_id, old.name, old.kind, old.status,
    old.model, old.provider, old.environment, old.task, old.session_id, old.user_id,
    old.input_tokens, old.output_tokens, old.cost_usd, old.started_ns, old.ended_ns, old.input,
    old.output, old.attributes, old.error);
  UPDATE datapoints SET snapshot_id = last_insert_rowid() WHERE span_row = old.id AND linked AND snapshot_id IS NULL;
END;
CREATE TRIGGER spans_keep_linked_on_delete BEFORE DELETE ON spans
WHEN EXISTS (SELECT 1 FROM datapoints WHERE span_row = old.id AND linked AND snapshot_id IS NULL)
BEGIN
  INSERT INTO span_snapshots (span_row, span_id, trace_id, parent_span_id, name, kind, status,
    model, provider, environment, task, session_id, user_id, input_tokens, output_tokens, cost_usd,
    started_ns, ended_ns, input, output, attributes, error)
  VALUES (old.id, old.span_id, old.trace_id, old.parent_span_id, old.name, old.kind, old.status,
    old.model, old.provider, old.environment, old.task, old.session_id, old.user_id,
    old.input_tokens, old.output_tokens, old.cost_usd, old.started_ns, old.ended_ns, old.input,
    old.output, old.attributes, old.error);
  UPDATE datapoints SET snapshot_id = last_insert_rowid() WHERE span_row = old.id AND linked AND snapshot_id IS NULL;
END;
CREATE VIEW datapoint_content AS
SELECT id, dataset_id, source, rule_id, created_ns, span_row, source_span_id, trace_id, session_id, input,
  output, attributes,
  iif(linked,
    json_object('name', name, 'kind', kind, 'status', status, 'model', model, 'provider', provider,
    'environment', environment, 'task', task, 'user_id', user_id, 'input_tokens', input_tokens,
    'output_tokens', output_tokens, 'cost_usd', cost_usd, 'started_ns', started_ns, 'ended_ns',
    ended_ns), own_metadata) AS metadata
FROM (
  SELECT d.id, d.dataset_id, d.source, d.rule_id, d.created_ns, d.span_row, d.linked, d.metadata AS own_metadata,
    iif(d.linked, iif(d.snapshot_id IS NULL, s.span_id, v.span_id), d.source_span_id) AS source_span_id,
    iif(d.linked, iif(d.snapshot_id IS NULL, s.trace_id, v.trace_id), d.trace_id) AS trace_id,
    iif(d.linked, iif(d.snapshot_id IS NULL, s.session_id, v.session_id), d.session_id) AS session_id,
    iif(d.linked, iif(d.snapshot_id IS NULL, s.input, v.input), d.input) AS input,
    iif(d.linked, iif(d.snapshot_id IS NULL, s.output, v.output), d.output) AS output,
    iif(d.snapshot_id IS NULL, s.name, v.name) AS name,
    iif(d.snapshot_id IS NULL, s.kind, v.kind) AS kind,
    iif(d.snapshot_id IS NULL, s.status, v.status) AS status,
    iif(d.snapshot_id IS NULL, s.model, v.model) AS model,
    iif(d.snapshot_id IS NULL, s.provider, v.provider) AS provider,
    iif(d.snapshot_id IS NULL, s.environment, v.environment) AS environment,
    iif(d.snapshot_id IS NULL, s.task, v.task) AS task,
    iif(d.snapshot_id IS NULL, s.user_id, v.user_id) AS user_id,
    iif(d.snapshot_id IS NULL, s.input_tokens, v.input_tokens) AS input_tokens,
    iif(d.snapshot_id IS NULL, s.output_tokens, v.output_tokens) AS output_tokens,
    iif(d.snapshot_id IS NULL, s.cost_usd, v.cost_usd) AS cost_usd,
    iif(d.snapshot_id IS NULL, s.started_ns, v.started_ns) AS started_ns,
    iif(d.snapshot_id IS NULL, s.ended_ns, v.ended_ns) AS ended_ns,
    iif(d.snapshot_id IS NULL, s.attributes, v.attributes) AS attributes
  FROM datapoints d LEFT JOIN spans s ON s.id = d.span_row LEFT JOIN span_snapshots v ON v.id = d.snapshot_id
);
)sql",
    // v5: review queues (engine/review, docs/REVIEW.md). An item is one datapoint in one queue
    // (unique, so enqueuing twice adds nothing) moving pending -> claimed -> completed; the
    // reviewer's edited output is kept on the item, the datapoint itself never changes. The golden
    // dataset is named, not referenced, so approving recreates it if it was deleted meanwhile.
    // Items of datapoints that went with their dataset are dropped when the dataset is deleted.
    R"sql(
CREATE TABLE review_queues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  golden_dataset TEXT NOT NULL,
  lease_ns INTEGER NOT NULL CHECK (lease_ns > 0),
  created_ns INTEGER NOT NULL
);
CREATE TABLE review_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue_id INTEGER NOT NULL REFERENCES review_queues(id),
  datapoint_id INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'completed')),
  outcome TEXT CHECK (outcome IN ('approved', 'rejected')),
  reviewer TEXT,
  enqueued_ns INTEGER NOT NULL,
  claimed_ns INTEGER,
  completed_ns INTEGER,
  edited_output TEXT,
  edited_ns INTEGER,
  note TEXT,
  golden_datapoint_id INTEGER,
  UNIQUE (queue_id, datapoint_id)
);
CREATE INDEX review_items_state ON review_items(queue_id, state, id);
CREATE INDEX review_items_datapoint ON review_items(datapoint_id);
CREATE TRIGGER review_items_of_deleted_dataset AFTER DELETE ON datasets
BEGIN
  DELETE FROM review_items WHERE NOT EXISTS (SELECT 1 FROM datapoints p WHERE p.id = review_items.datapoint_id);
END;
)sql",
    // v6: the fact table's persisted copy (query/fact_table, docs/STORAGE.md): part 0 a header,
    // parts 1.. chunks of rows. It is read only while its header's generation equals
    // meta.spans_generation, which every transaction that writes spans bumps; so a copy another
    // process or an interrupted write left behind is never taken for the spans' state.
    R"sql(
CREATE TABLE fact_cache (part INTEGER PRIMARY KEY, data BLOB NOT NULL);
INSERT INTO meta (key, value) VALUES ('spans_generation', '0');
)sql",
};

}  // namespace

int64_t current_schema_version() noexcept {
  return static_cast<int64_t>(kMigrations.size());
}

void prepare_schema(Database& db) {
  // Reading the header first: a file that is not SQLite fails here with SQLITE_NOTADB, unchanged.
  // Design note: the three reads are one read transaction: another process may be creating the
  // schema of a new file at the same time, and a mix of before and after looks like a foreign file.
  db.exec("BEGIN");
  int64_t app_id = 0, version = 0, objects = 0;
  try {
    app_id = db.query_int("PRAGMA application_id");
    version = db.query_int("PRAGMA user_version");
    objects = db.query_int("SELECT count(*) FROM sqlite_schema");
  } catch (...) {
    if (db.in_transaction()) db.exec("ROLLBACK");
    throw;
  }
  db.exec("COMMIT");
  if (app_id != kApplicationId && (app_id != 0 || version != 0 || objects != 0)) {
    throw Error(Errc::not_a_database, "the file is a SQLite database but not a tracesift database");
  }
  if (version > current_schema_version()) {
    throw Error(Errc::schema_too_new, "the database has schema version " + std::to_string(version) +
                                          " but this engine knows only up to " +
                                          std::to_string(current_schema_version()) + "; upgrade tracesift");
  }
  if (version == current_schema_version()) return;
  Transaction tx(db);
  // Another process may have brought the schema up to date while this one waited for the lock.
  const int64_t locked_version = db.query_int("PRAGMA user_version");
  if (locked_version >= current_schema_version()) return;
  for (int64_t v = locked_version; v < current_schema_version(); ++v) {
    db.exec(kMigrations[static_cast<size_t>(v)]);
  }
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(current_schema_version()));
  tx.commit();
}

}  // namespace tracesift::store
