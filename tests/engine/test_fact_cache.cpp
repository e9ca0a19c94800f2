// The fact table's persisted copy: a reopened database answers from it without rebuilding, it
// follows imports (new and changed spans, another connection's), and a stale, damaged or rolled
// back copy is never taken for the spans' state.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/query/facets.hpp"
#include "random_spans.hpp"
#include "temp_path.hpp"

namespace test_fact_cache {

using namespace tracesift;
using Origin = Engine::FactsOrigin;

namespace {

// What the fact table answers: counts under several filters, the facets, a page by cost.
std::string answers(Engine& engine) {
  std::string out;
  for (const char* query : {"{}", R"("model:gpt-4o")", R"("-status:failed provider:anthropic")", R"("tokens>=300")",
                            R"("env:production task:triage")", R"("cost>0.05")", R"("name:summar")"}) {
    out += std::string(query) + " " + std::to_string(engine.count(engine.parse_filter(query))) + "\n";
  }
  out += facets_json(engine.facets({})) + "\n";
  PageRequest by_cost;
  by_cost.sort = SortKey::cost;
  by_cost.limit = 20;
  return out + engine.spans_page({}, by_cost).jsonl;
}

// The spans s<seed>-0 .. s<seed>-<n-1>, finished now (the running ones complete, with new ends).
std::string finished(uint64_t seed, int n) {
  std::string text = test::random_spans_jsonl(seed, n);
  for (size_t at; (at = text.find("\"status\":\"running\"")) != std::string::npos;)
    text.replace(at, 19, "\"status\":\"completed\",\"ended_at\":\"2025-05-01T02:00:00Z\"");
  return text;
}

}  // namespace

TEST_CASE("a reopened database answers from the fact table's persisted copy", "[facts][cache]") {
  test::TempPath path("facts");
  std::string expected;
  {
    Engine engine(path.str());
    test::import_jsonl(engine, test::random_spans_jsonl(1, 9000), 700);  // spans three chunks
    expected = answers(engine);
    CHECK(engine.facts_origin() == Origin::spans);  // an empty database: kept current from the start
  }
  Engine reopened(path.str());
  CHECK(reopened.facts_origin() == Origin::none);
  // Counting every span needs no fact table: SQLite counts them.
  CHECK(reopened.count({}) == 9000);
  CHECK(reopened.facts_origin() == Origin::none);
  CHECK(answers(reopened) == expected);
  CHECK(reopened.facts_origin() == Origin::cache);
}

TEST_CASE("the copy follows new and changed spans, from any connection", "[facts][cache]") {
  test::TempPath path("facts");
  Engine first(path.str());
  test::import_jsonl(first, test::random_spans_jsonl(2, 5000), 800);
  answers(first);
  {
    // Another connection imports new spans and finishes running ones (updated rows, in every
    // chunk): it loads the current copy before its first batch and keeps it current.
    Engine second(path.str());
    test::import_jsonl(second, test::random_spans_jsonl(3, 3000) + finished(2, 5000), 900);
    CHECK(second.facts_origin() == Origin::cache);
  }
  // The first engine sees the other process's commits: its table is read again, from the copy.
  const std::string after = answers(first);
  CHECK(first.facts_origin() == Origin::cache);
  CHECK(first.count({}) == 8000);

  // The same answers as a table rebuilt from the spans themselves.
  first.database().exec("DELETE FROM fact_cache");
  Engine rebuilt(path.str());
  CHECK(answers(rebuilt) == after);
  CHECK(rebuilt.facts_origin() == Origin::spans);
  Engine again(path.str());  // the rebuilt table was saved after the read that needed it
  CHECK(answers(again) == after);
  CHECK(again.facts_origin() == Origin::cache);
}

TEST_CASE("a stale or damaged copy is rebuilt, never used", "[facts][cache]") {
  test::TempPath path("facts");
  std::string expected;
  {
    Engine engine(path.str());
    test::import_jsonl(engine, test::random_spans_jsonl(4, 6000), 1000);
    expected = answers(engine);
  }
  SECTION("written at another span generation") {
    Engine other(path.str());
    other.database().exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'spans_generation'");
  }
  SECTION("a chunk that does not decode") {
    Engine other(path.str());
    other.database().exec("UPDATE fact_cache SET data = x'0100000002' WHERE part = 1");
  }
  SECTION("a row naming a kind that does not exist") {
    Engine other(path.str());
    // The first row's kind: after the chunk's 4-byte row count, at offset 108 of the row.
    other.database().exec(
        "UPDATE fact_cache SET data = substr(data, 1, 112) || x'7f' || substr(data, 114) WHERE part = 1");
  }
  SECTION("a chunk missing") {
    Engine other(path.str());
    other.database().exec("DELETE FROM fact_cache WHERE part = 2");
  }
  SECTION("a span the copy does not know") {
    Engine other(path.str());
    other.database().exec(
        "INSERT INTO spans (span_id, trace_id, name, kind, status, started_ns) "
        "SELECT 'extra', trace_id, name, kind, status, started_ns FROM spans LIMIT 1");
    expected.clear();
  }
  Engine reopened(path.str());
  const std::string got = answers(reopened);
  CHECK(reopened.facts_origin() == Origin::spans);
  if (!expected.empty()) CHECK(got == expected);
  CHECK(reopened.count({}) == (expected.empty() ? 6001 : 6000));
}

TEST_CASE("a batch that fails leaves the copy as it was", "[facts][cache]") {
  test::TempPath path("facts");
  std::string expected;
  {
    Engine engine(path.str());
    test::import_jsonl(engine, test::random_spans_jsonl(5, 3000), 1000);
    expected = answers(engine);
    // The next batch fails after some of its spans were written (and the table was kept current
    // up to there): it rolls back whole, the span generation with it.
    engine.database().exec(
        "CREATE TEMP TRIGGER boom AFTER INSERT ON spans WHEN NEW.span_id = 's6-400' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END");
    auto session = engine.begin_import({.file_name = "more.jsonl", .batch_size = 1000});
    session->feed(test::random_spans_jsonl(6, 500));
    CHECK_THROWS_AS(session->finish(), Error);
    CHECK(answers(engine) == expected);
  }
  Engine reopened(path.str());
  CHECK(answers(reopened) == expected);
  CHECK(reopened.facts_origin() == Origin::cache);
}

TEST_CASE("an import whose copy cannot be written keeps its spans and a stale copy", "[facts][cache]") {
  test::TempPath path("facts");
  {
    Engine engine(path.str());
    test::import_jsonl(engine, test::random_spans_jsonl(7, 2000), 1000);
    answers(engine);
    engine.database().exec(
        "CREATE TEMP TRIGGER boom AFTER INSERT ON fact_cache BEGIN SELECT RAISE(ABORT, 'boom'); END");
    const auto report = test::import_jsonl(engine, test::random_spans_jsonl(8, 1500), 1000);
    CHECK(report.counts.imported == 1500);  // the copy is a cache: failing to write it fails nothing
    CHECK(engine.count({}) == 3500);
  }
  Engine reopened(path.str());
  CHECK(reopened.count({}) == 3500);
  CHECK(facets_json(reopened.facets({})).find("\"count\":") != std::string::npos);
  CHECK(reopened.facts_origin() == Origin::spans);  // the copy was not current: rebuilt
}

}  // namespace test_fact_cache
