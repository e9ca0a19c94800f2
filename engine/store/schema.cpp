#include "schema.hpp"

#include <array>
#include <string>
#include <string_view>

#include "../error.hpp"

namespace tracesift::store {
namespace {

// Design note: migrations are append-only. Version N is the state after kMigrations[N-1] ran;
// never edit a released step, add a new one.
constexpr std::array<std::string_view, 3> kMigrations{
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
};

}  // namespace

int64_t current_schema_version() noexcept {
  return static_cast<int64_t>(kMigrations.size());
}

void prepare_schema(Database& db) {
  // Reading the header first: a file that is not SQLite fails here with SQLITE_NOTADB, unchanged.
  const int64_t app_id = db.query_int("PRAGMA application_id");
  const int64_t version = db.query_int("PRAGMA user_version");
  const int64_t objects = db.query_int("SELECT count(*) FROM sqlite_schema");
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
  for (int64_t v = version; v < current_schema_version(); ++v) {
    db.exec(kMigrations[static_cast<size_t>(v)]);
  }
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(current_schema_version()));
  tx.commit();
}

}  // namespace tracesift::store
