#include <catch2/catch.hpp>

#include <string>

#include "engine/import/native_format.hpp"
#include "engine/timestamp.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_native_format {

using namespace tracesift;
using tracesift::import::parse_native_line;

TEST_CASE("a full native record maps every field", "[native_format]") {
  const std::string line =
      R"({"span_id":"s1","trace_id":"t1","parent_span_id":"p0","name":"chat","kind":"llm_call",)"
      R"("status":"completed","model":"gpt-4o","provider":"OpenAI","environment":"prod","task":"support",)"
      R"("session_id":"sess","user_id":"u1","input_tokens":12,"output_tokens":30,"cost_usd":0.0015,)"
      R"("started_at":"2025-03-01T10:00:00.5Z","ended_at":"2025-03-01T10:00:01.25Z",)"
      R"("input":[{"role":"user","content":"hi"}],"output":[{"role":"assistant","content":"hello"}],)"
      R"("attributes":{"x":1},"error":null})";
  Span s;
  REQUIRE(parse_native_line(line, s).empty());
  CHECK(s.span_id == "s1");
  CHECK(s.trace_id == "t1");
  CHECK(s.parent_span_id == "p0");
  CHECK(s.kind == SpanKind::llm_call);
  CHECK(s.status == SpanStatus::completed);
  CHECK(s.provider == "openai");
  CHECK(s.input_tokens == 12);
  CHECK(s.output_tokens == 30);
  CHECK(s.cost_usd == Approx(0.0015));
  CHECK(s.started_ns == *parse_rfc3339("2025-03-01T10:00:00.5Z"));
  CHECK(s.ended_ns == *parse_rfc3339("2025-03-01T10:00:01.25Z"));
  CHECK(s.input_json == R"([{"role":"user","content":"hi"}])");  // source key order kept
  CHECK(s.attributes_json == R"({"x":1})");
  CHECK_FALSE(s.error.has_value());
}

TEST_CASE("status defaults from ended_at and error", "[native_format]") {
  Span s;
  REQUIRE(
      parse_native_line(R"({"span_id":"a","trace_id":"t","name":"n","started_at":"2025-01-01T00:00:00Z"})", s).empty());
  CHECK(s.status == SpanStatus::running);
  CHECK(s.kind == SpanKind::custom);
  REQUIRE(
      parse_native_line(
          R"({"span_id":"a","trace_id":"t","name":"n","started_at":"2025-01-01T00:00:00Z","ended_at":"2025-01-01T00:00:01Z"})",
          s)
          .empty());
  CHECK(s.status == SpanStatus::completed);
  REQUIRE(
      parse_native_line(
          R"({"span_id":"a","trace_id":"t","name":"n","started_at":"2025-01-01T00:00:00Z","ended_at":"2025-01-01T00:00:01Z","error":"boom"})",
          s)
          .empty());
  CHECK(s.status == SpanStatus::failed);
  REQUIRE(
      parse_native_line(
          R"({"span_id":"a","trace_id":"t","name":"n","status":"successful","started_at":"2025-01-01T00:00:00Z"})", s)
          .empty());
  CHECK(s.status == SpanStatus::completed);
}

TEST_CASE("bad records are rejected with the field and the reason", "[native_format]") {
  const std::string base = R"("trace_id":"t","name":"n","started_at":"2025-01-01T00:00:00Z")";
  struct Case {
    std::string line;
    std::string expect;
  };
  for (const auto& c : std::vector<Case>{
           {R"({"span_id":"a",)" + base.substr(0, base.size() - 1), "invalid JSON"},
           {R"({"trace_id":"t","name":"n","started_at":"2025-01-01T00:00:00Z"})", "field 'span_id'"},
           {R"({"span_id":"a",)" + base + R"(,"input_tokens":"12"})",
            "field 'input_tokens': expected a non-negative integer"},
           {R"({"span_id":"a",)" + base + R"(,"input_tokens":-1})", "field 'input_tokens'"},
           {R"({"span_id":"a",)" + base + R"(,"cost_usd":-0.5})", "field 'cost_usd'"},
           {R"({"span_id":"a","trace_id":"t","name":"n","started_at":"yesterday"})",
            "field 'started_at': 'yesterday' is not an RFC 3339"},
           {R"({"span_id":"a",)" + base + R"(,"kind":"llm"})", "field 'kind': unknown kind"},
           {R"({"span_id":"a",)" + base + R"(,"modle":"gpt"})", "field 'modle': unknown field"},
           {R"({"span_id":"a",)" + base + R"(,"ended_at":"2024-01-01T00:00:00Z"})",
            "field 'ended_at': is before started_at"},
           {R"([1,2,3])", "expected a JSON object"},
           {"{\"span_id\":\"a\xFF\"," + base + "}", "invalid JSON"},
       }) {
    INFO(c.line);
    Span s;
    const std::string why = parse_native_line(c.line, s);
    CHECK_THAT(why, Catch::Contains(c.expect));
  }
}

TEST_CASE("deep nesting is refused before parsing", "[native_format]") {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  Span s;
  const std::string line =
      R"({"span_id":"a","trace_id":"t","name":"n","started_at":"2025-01-01T00:00:00Z","input":)" + deep + "}";
  CHECK_THAT(parse_native_line(line, s), Catch::Contains("nested deeper than 256"));
  CHECK(import::json_nesting_depth(R"({"a":"[[[[","b":[{}]})", 100) == 3);
}

}  // namespace test_native_format
