#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/query/filter.hpp"
#include "engine/timestamp.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_filter {

using namespace tracesift;

namespace {
const int64_t kNow = *parse_rfc3339("2025-06-01T00:00:00Z");

std::string failing_key(const std::string& text) {
  try {
    parse_filter_text(text, kNow);
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_filter);
    return e.field();
  }
  return "<accepted>";
}
}  // namespace

TEST_CASE("every filter key parses", "[filter]") {
  const Filter f = parse_filter_text(
      R"({"model":"gpt-4o","provider":"openai","kind":"llm_call","status":"successful","environment":"prod",)"
      R"("task":"t","session_id":"s","trace_id":"tr","user_id":"u","name_contains":"sum","min_cost":0.01,"max_cost":1,)"
      R"("min_tokens":10,"max_tokens":1000,"since":"7d","until":"2025-06-01T00:00:00Z","min_duration_ms":1.5,)"
      R"("max_duration_ms":60000})",
      kNow);
  CHECK(f.model == "gpt-4o");
  CHECK(f.status == SpanStatus::completed);
  CHECK(f.kind == SpanKind::llm_call);
  CHECK(f.min_cost == Bound<double>{0.01, true});
  CHECK(f.max_tokens == Bound<int64_t>{1000, true});
  CHECK(f.name_terms == std::vector<std::string>{"sum"});
  CHECK(f.min_duration_ms == Bound<double>{1.5, true});
  CHECK(f.max_duration_ms == Bound<double>{60000, true});
  CHECK(f.negations.empty());
  CHECK(f.since_ns == kNow - 7LL * 86400 * 1'000'000'000);
  CHECK(f.until_ns == kNow);
  const SqlWhere w = compile_where(f);
  CHECK(w.params.size() == kFilterKeys.size());
  for (const char* value : {"gpt-4o", "openai", "prod", "sum", "0.01", "1000", "60000"})
    CHECK(w.sql.find(value) == std::string::npos);                       // values are bound, never spliced
  CHECK(std::get<int64_t>(w.params[w.params.size() - 4]) == 1'500'000);  // min duration, in ns
}

TEST_CASE("invalid filters name the offending key", "[filter]") {
  CHECK(failing_key(R"({"modle":"x"})") == "modle");
  CHECK(failing_key(R"({"model":3})") == "model");
  CHECK(failing_key(R"({"model":""})") == "model");
  CHECK(failing_key(R"({"min_cost":-1})") == "min_cost");
  CHECK(failing_key(R"({"min_cost":"cheap"})") == "min_cost");
  CHECK(failing_key(R"({"min_cost":2,"max_cost":1})") == "min_cost");
  CHECK(failing_key(R"({"min_tokens":1.5})") == "min_tokens");
  CHECK(failing_key(R"({"min_duration_ms":-1})") == "min_duration_ms");
  CHECK(failing_key(R"({"max_duration_ms":"1s"})") == "max_duration_ms");
  CHECK(failing_key(R"({"min_duration_ms":2,"max_duration_ms":1})") == "min_duration_ms");
  CHECK(failing_key(R"({"kind":"robot"})") == "kind");
  CHECK(failing_key(R"({"name_contains":""})") == "name_contains");
  CHECK(failing_key(R"({"status":"done"})") == "status");
  CHECK(failing_key(R"({"since":"last week"})") == "since");
  CHECK(failing_key(R"({"since":"1d","until":"2d"})") == "since");
  CHECK(failing_key(R"([1])") == "");
  CHECK(failing_key("{not json") == "");
  CHECK(failing_key("{}") == "<accepted>");
}

TEST_CASE("negations keep NULL columns and compile to bound parameters", "[filter]") {
  Filter f;
  f.negations = {{NegatableKey::model, "secret-model"}, {NegatableKey::name, "secret-name"}};
  f.min_cost = Bound<double>{0.5, false};
  f.max_tokens = Bound<int64_t>{7, false};
  const SqlWhere w = compile_where(f);
  CHECK(w.sql ==
        "cost_usd > ? AND (coalesce(input_tokens, 0) + coalesce(output_tokens, 0)) < ? AND "
        "(model IS NULL OR model <> ?) AND (name IS NULL OR instr(name, ?) = 0)");
  CHECK(w.params.size() == 4);
  CHECK(compile_where(Filter{}).sql == "1");
}

TEST_CASE("JSON error messages name the key", "[filter]") {
  try {
    parse_filter_text(R"({"min_cost":2,"max_cost":1})", kNow);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.message() ==
          "filter key 'min_cost': the lower bound is not below the upper bound, which leaves no possible value");
    CHECK(e.position() == -1);
  }
}

TEST_CASE("relative durations", "[filter]") {
  CHECK(parse_relative_duration("30m") == 30LL * 60 * 1'000'000'000);
  CHECK(parse_relative_duration("24h") == 24LL * 3600 * 1'000'000'000);
  CHECK(parse_relative_duration("2w") == 14LL * 86400 * 1'000'000'000);
  CHECK_FALSE(parse_relative_duration("7").has_value());
  CHECK_FALSE(parse_relative_duration("d").has_value());
  CHECK_FALSE(parse_relative_duration("7y").has_value());
}

TEST_CASE("a JSON string is the query-string form of a filter", "[filter]") {
  const Filter f = parse_filter_text(R"("model:gpt-4o cost>0.01 -status:failed")", kNow);
  CHECK(f.model == "gpt-4o");
  REQUIRE(f.min_cost.has_value());
  CHECK(f.min_cost->value == 0.01);
  CHECK_FALSE(f.min_cost->inclusive);
  CHECK(f.negations.size() == 1);
  try {
    parse_filter_text(R"("cost>cheap")", kNow);
    FAIL("accepted a bad query");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_filter);
    CHECK(e.position() == 6);
  }
}

}  // namespace test_filter
