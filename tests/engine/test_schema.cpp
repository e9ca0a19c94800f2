#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/store/schema.hpp"
#include "requests.hpp"
#include "temp_path.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_schema {

using namespace tracesift;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}
Errc open_error(const std::string& path) {
  try {
    Engine engine(path);
  } catch (const Error& e) {
    return e.code();
  }
  return Errc::internal;
}
}  // namespace

TEST_CASE("a new database gets the current schema and our application id", "[schema]") {
  test::TempPath path("schema-new");
  {
    Engine engine(path.str());
    CHECK(engine.database().query_int("PRAGMA user_version") == store::current_schema_version());
    CHECK(engine.database().query_int("PRAGMA application_id") == store::kApplicationId);
  }
  {
    Engine reopened(path.str());  // reopening migrates nothing and keeps working
    CHECK(reopened.count({}) == 0);
  }
}

TEST_CASE("a file that is not SQLite is refused and left unchanged", "[schema]") {
  test::TempPath path("schema-garbage");
  const std::string garbage = "this is not a database, just some text that is long enough to look like a header......";
  write_file(path.str(), garbage);
  CHECK(open_error(path.str()) == Errc::not_a_database);
  CHECK(read_file(path.str()) == garbage);
}

TEST_CASE("a foreign SQLite database is refused and left unchanged", "[schema]") {
  test::TempPath path("schema-foreign");
  {
    store::Database db(path.str());
    db.exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');");
  }
  const std::string before = read_file(path.str());
  CHECK(open_error(path.str()) == Errc::not_a_database);
  CHECK(read_file(path.str()) == before);
}

TEST_CASE("a database from a newer engine is refused", "[schema]") {
  test::TempPath path("schema-newer");
  {
    Engine engine(path.str());
    engine.database().exec("PRAGMA user_version = 999");
  }
  CHECK(open_error(path.str()) == Errc::schema_too_new);
}

TEST_CASE("a version 1 database (before datasets) is upgraded with its spans kept", "[schema]") {
  test::TempPath path("schema-v1");
  {
    // The schema exactly as version 1 wrote it, with one span.
    store::Database db(path.str());
    db.exec(R"sql(
CREATE TABLE spans (id INTEGER PRIMARY KEY, span_id TEXT NOT NULL UNIQUE, trace_id TEXT NOT NULL, parent_span_id TEXT,
  name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, model TEXT, provider TEXT, environment TEXT, task TEXT,
  session_id TEXT, user_id TEXT, input_tokens INTEGER, output_tokens INTEGER, cost_usd REAL, started_ns INTEGER NOT NULL,
  ended_ns INTEGER, input TEXT, output TEXT, attributes TEXT NOT NULL DEFAULT '{}', error TEXT);
CREATE INDEX spans_started ON spans(started_ns);
CREATE INDEX spans_trace ON spans(trace_id);
CREATE INDEX spans_model ON spans(model, started_ns);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO spans (span_id, trace_id, name, kind, status, model, started_ns) VALUES ('s1', 't1', 'chat', 'llm_call', 'completed', 'gpt-4o', 1);
PRAGMA application_id = 1414743636;
PRAGMA user_version = 1;
)sql");
    REQUIRE(db.query_int("PRAGMA application_id") == store::kApplicationId);
  }
  Engine engine(path.str());
  CHECK(engine.database().query_int("PRAGMA user_version") == store::current_schema_version());
  CHECK(engine.count(engine.parse_filter(R"({"model":"gpt-4o"})")) == 1);
  CHECK(engine.database().query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'spans_model'") == 0);
  engine.add_rule(test::rule(R"({"dataset":"d","name":"r","filter":{},"sample_rate":1})"));
  CHECK(engine.backfill_rule(1).captured == 1);
}

}  // namespace test_schema
