// One span with its trace: the full record as the listing prints it, and every span of its trace
// summarised in start order (parents included, ids exact even where trace ids look alike).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/timestamp.hpp"
#include "random_spans.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_span_detail {

using namespace tracesift;
using nlohmann::json;

TEST_CASE("a span comes with its full record and its trace's spans in start order", "[span_detail]") {
  Engine engine(":memory:");
  const std::string text =
      R"({"span_id":"root","trace_id":"T","name":"agent","kind":"agent","status":"completed","started_at":"2025-05-01T12:00:00Z","ended_at":"2025-05-01T12:00:05Z"})"
      "\n"
      R"({"span_id":"llm","trace_id":"T","parent_span_id":"root","name":"chat","kind":"llm_call","status":"failed","model":"gpt-4o","input_tokens":10,"output_tokens":3,"cost_usd":0.002,"started_at":"2025-05-01T12:00:02Z","ended_at":"2025-05-01T12:00:03Z","input":[{"role":"user","content":"hi"}],"attributes":{"k":"v"},"error":"boom"})"
      "\n"
      R"({"span_id":"tool","trace_id":"T","parent_span_id":"root","name":"search","kind":"tool","status":"running","started_at":"2025-05-01T12:00:01Z"})"
      "\n"
      R"({"span_id":"elsewhere","trace_id":"T2","name":"chat","kind":"llm_call","status":"completed","started_at":"2025-05-01T12:00:00Z"})"
      "\n";
  test::import_jsonl(engine, text);
  const json d = json::parse(span_detail_json(engine.span_detail("llm")));
  // The record is the one the listing prints.
  const json listed =
      json::parse(engine.spans_jsonl(engine.parse_filter(R"({"trace_id":"T","kind":"llm_call"})"), 1, 0));
  CHECK(d["span"] == listed);
  CHECK(d["span"]["attributes"]["k"] == "v");
  CHECK(d["span"]["input"][0]["content"] == "hi");
  CHECK(d["trace_id"] == "T");
  CHECK(d["trace_total"] == 3);
  REQUIRE(d["trace"].size() == 3);
  CHECK(d["trace"][0]["span_id"] == "root");
  CHECK(d["trace"][0]["parent_span_id"].is_null());
  CHECK(d["trace"][1]["span_id"] == "tool");
  CHECK(d["trace"][1]["ended_at"].is_null());
  CHECK(d["trace"][1]["status"] == "running");
  CHECK(d["trace"][2] == json{{"span_id", "llm"},
                              {"parent_span_id", "root"},
                              {"name", "chat"},
                              {"kind", "llm_call"},
                              {"status", "failed"},
                              {"model", "gpt-4o"},
                              {"started_at", "2025-05-01T12:00:02Z"},
                              {"ended_at", "2025-05-01T12:00:03Z"},
                              {"input_tokens", 10},
                              {"output_tokens", 3},
                              {"cost_usd", 0.002}});
  try {
    engine.span_detail("nope");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::not_found);
    CHECK(e.field() == "span_id");
  }
}

TEST_CASE("property: a span's trace lists exactly the spans the trace_id filter finds", "[span_detail]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(71, 600));
  for (int i = 0; i < 600; i += 37) {
    const std::string id = "s71-" + std::to_string(i);
    const json d = json::parse(span_detail_json(engine.span_detail(id)));
    CHECK(d["span"]["span_id"] == id);
    const Filter by_trace = engine.parse_filter(json{{"trace_id", d["trace_id"]}}.dump());
    CHECK(d["trace_total"] == engine.count(by_trace));
    CHECK(d["trace"].size() == static_cast<size_t>(engine.count(by_trace)));
    for (size_t k = 1; k < d["trace"].size(); ++k)
      CHECK(*parse_rfc3339(d["trace"][k - 1]["started_at"].get<std::string>()) <=
            *parse_rfc3339(d["trace"][k]["started_at"].get<std::string>()));
  }
}

}  // namespace test_span_detail
