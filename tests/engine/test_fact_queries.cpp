// The fact table answers every filter exactly as the SQL reference (compile_where) does: counts and
// newest-first listings over seeded random spans and random query texts.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/query/query_text.hpp"
#include "random_spans.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_fact_queries {

using namespace tracesift;
using tracesift::test::Rng;

namespace {

// A random query text over the random spans' value pools (and values no span has).
std::string random_query(Rng& rng) {
  static constexpr std::string_view kExact[] = {"model", "provider", "env",     "task",
                                                "kind",  "status",   "session", "user"};
  static constexpr std::string_view kUnknown[] = {"nope", "gpt-5"};
  static constexpr std::string_view kTerms[] = {"ummar", "gpt", "S", "tool", "zzz"};
  static constexpr std::string_view kOps[] = {">", ">=", "<", "<="};
  // One draw per statement: operands of `+` are evaluated in an unspecified order.
  std::string q;
  const int terms = 1 + static_cast<int>(rng.below(4));
  for (int t = 0; t < terms; ++t) {
    if (!q.empty()) q += ' ';
    switch (rng.below(8)) {
      case 0:
      case 1: {
        const std::string_view key = rng.pick(kExact);
        std::string value;
        if (key == "model") value = rng.pick(tracesift::test::kModels);
        if (key == "provider") value = rng.pick(tracesift::test::kProviders);
        if (key == "env") value = rng.pick(tracesift::test::kEnvironments);
        if (key == "task") value = rng.pick(tracesift::test::kTasks);
        if (key == "kind") value = rng.pick(tracesift::test::kKinds);
        if (key == "status") value = rng.pick(tracesift::test::kStatuses);
        if (key == "session") value = "sess" + std::to_string(rng.below(20));
        if (key == "user") value = "u" + std::to_string(rng.below(10));
        if (key != "kind" && key != "status" && rng.chance(0.1)) value = rng.pick(kUnknown);
        q += (rng.chance(0.35) ? "-" : "") + std::string(key) + ":" + value;
        break;
      }
      case 2:
        q += rng.chance(0.3) ? "-" : "";
        q += rng.pick(kTerms);
        break;
      case 3:
        q += "cost" + std::string(rng.pick(kOps));
        q += std::to_string(rng.below(10) / 100.0);
        break;
      case 4:
        q += "tokens" + std::string(rng.pick(kOps));
        q += std::to_string(rng.below(1000));
        break;
      case 5:
        q += "duration" + std::string(rng.pick(kOps));
        q += std::to_string(rng.below(5000)) + "ms";
        break;
      case 6:
        q += rng.chance(0.5) ? "since:" : "until:";
        q += format_rfc3339(tracesift::test::kSpanEpoch + static_cast<int64_t>(rng.below(3600)) * 1'000'000'000);
        break;
      default: q += "trace:t" + std::to_string(rng.below(60)); break;
    }
  }
  return q;
}

}  // namespace

TEST_CASE("fact table counts and listings equal the SQL reference for random filters", "[facts]") {
  Engine engine(":memory:");
  // Half the spans go in before the fact table exists (it loads them from SQLite on first use),
  // half after (it is kept current batch by batch), including updates of running spans.
  const std::string first = test::random_spans_jsonl(7, 600);
  test::import_jsonl(engine, first);
  CHECK(engine.count({}) == 600);
  test::import_jsonl(engine, test::random_spans_jsonl(8, 600), 97);
  std::string finished;  // the running spans of the first file, now finished
  for (size_t pos = 0; (pos = first.find("\"running\"", pos)) != std::string::npos; ++pos) {
    const size_t start = first.rfind('\n', pos) == std::string::npos ? 0 : first.rfind('\n', pos) + 1;
    std::string line = first.substr(start, first.find('\n', pos) - start);
    line.replace(line.find("\"running\""), 9, "\"completed\"");
    line.insert(line.size() - 1, ",\"ended_at\":\"2025-05-01T02:00:00Z\"");
    finished += line + "\n";
  }
  REQUIRE(!finished.empty());
  CHECK(test::import_jsonl(engine, finished).counts.updated > 0);

  auto& store_db = engine.database();
  store::SpanStore reference(store_db);
  Rng rng(2024);
  int nonempty = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string q = random_query(rng);
    INFO("query: " << q);
    Filter f;
    try {
      f = parse_query_text(q, tracesift::test::kSpanEpoch);
    } catch (const Error& e) {
      REQUIRE(e.code() == Errc::invalid_filter);  // e.g. a bound given twice, or an empty range
      continue;
    }
    const int64_t expected = reference.count_sql(f);
    REQUIRE(engine.count(f) == expected);
    std::string want;
    reference.list_jsonl_sql(f, 25, 3, want);
    REQUIRE(engine.spans_jsonl(f, 25, 3) == want);
    if (expected > 0) ++nonempty;
  }
  CHECK(nonempty > 150);  // the random filters are not all empty
}

TEST_CASE("a filter value no span has matches nothing, and a later span with it is found", "[facts]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(3, 50));
  const Filter f = engine.parse_filter(R"({"model":"brand-new-model"})");
  CHECK(engine.count(f) == 0);
  test::import_jsonl(engine, R"({"span_id":"new","trace_id":"t","name":"n","kind":"llm_call","status":"completed",)"
                             R"("model":"brand-new-model","started_at":"2025-05-01T00:00:00Z"})"
                             "\n");
  CHECK(engine.count(f) == 1);
}

}  // namespace test_fact_queries
