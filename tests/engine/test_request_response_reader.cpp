// The request/response reader: logged OpenAI Chat Completions, OpenAI Responses and Anthropic
// Messages calls (hand-written in the providers' documented shapes), error bodies and malformed
// records.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/import/format_reader.hpp"
#include "engine/timestamp.hpp"

#include "collecting_sink.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_request_response_reader {

using namespace tracesift;
using nlohmann::json;

namespace {

constexpr int64_t kImportTime = 1'760'000'000'000'000'000;

using CollectSink = test::CollectingSink;

CollectSink read(const std::string& line) {
  CollectSink sink;
  import::make_request_response_reader()->read_line(line, {"calls.jsonl", 1, kImportTime}, sink);
  return sink;
}

tracesift::import::MappedSpan only(const std::string& line) {
  const auto sink = read(line);
  INFO((sink.errors.empty() ? "" : sink.errors[0]));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  return sink.spans[0];
}

std::string error_of(const std::string& line) {
  const auto sink = read(line);
  CHECK(sink.spans.empty());
  REQUIRE(sink.errors.size() == 1);
  return sink.errors[0];
}

json attrs(const Span& s) {
  return json::parse(s.attributes_json);
}

const std::string kOpenAiToolCall = R"({"request":{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":256,
  "messages":[{"role":"system","content":"You are a weather bot."},
              {"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}],
  "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]},
 "response":{"id":"chatcmpl-AbC123","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini-2024-07-18",
  "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
     "tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
     "logprobs":null,"finish_reason":"tool_calls"}],
  "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":0}},
  "system_fingerprint":"fp_abc"},
 "latency_ms":812.5,"metadata":{"session_id":"sess-1","feature":"weather"}})";

const std::string kAnthropic = R"({"request":{"model":"claude-sonnet-4-5","max_tokens":1024,
  "system":[{"type":"text","text":"You are a careful assistant.","cache_control":{"type":"ephemeral"}}],
  "messages":[
    {"role":"user","content":[{"type":"text","text":"What is in this image, and what's the weather in Oslo?"},
                              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}}]},
    {"role":"assistant","content":[{"type":"thinking","thinking":"Need the tool.","signature":"sig"},
                                   {"type":"text","text":"Let me check."},
                                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Oslo"}}]},
    {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"-3C, snow"},
                              {"type":"text","text":"Thanks!"}]}],
  "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],"metadata":{"user_id":"user-42"}},
 "response":{"id":"msg_01XYZ","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
  "content":[{"type":"text","text":"It is a cat. Oslo: -3C with snow."},
             {"type":"tool_use","id":"toolu_02","name":"log_answer","input":{"ok":true}}],
  "stop_reason":"tool_use","stop_sequence":null,
  "usage":{"input_tokens":410,"output_tokens":38,"cache_creation_input_tokens":120,"cache_read_input_tokens":2048}}})";

const std::string kResponses = R"({"request":{"model":"gpt-5","instructions":"Be brief.","reasoning":{"effort":"low"},
  "input":[{"role":"user","content":[{"type":"input_text","text":"Weather in Rome?"}]},
           {"type":"function_call","call_id":"call_r1","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},
           {"type":"function_call_output","call_id":"call_r1","output":"25C, sunny"}]},
 "response":{"id":"resp_0a1b","object":"response","created_at":1741476542,"status":"completed","model":"gpt-5-2025-08-07",
  "output":[{"id":"rs_1","type":"reasoning","summary":[]},
            {"id":"msg_1","type":"message","status":"completed","role":"assistant",
             "content":[{"type":"output_text","text":"Sunny, 25C.","annotations":[]}]}],
  "usage":{"input_tokens":64,"output_tokens":120,"output_tokens_details":{"reasoning_tokens":96},"total_tokens":184}},
 "timestamp":"2025-03-08T23:29:01.250Z"})";

}  // namespace

TEST_CASE("request-response: an OpenAI chat completion with tool calls", "[request-response]") {
  const auto m = only(kOpenAiToolCall);
  const Span& s = m.span;
  CHECK(s.span_id == "chatcmpl-AbC123");
  CHECK(s.trace_id == "chatcmpl-AbC123");
  CHECK(s.kind == SpanKind::llm_call);
  CHECK(s.status == SpanStatus::completed);
  CHECK(s.name == "chat gpt-4o-mini-2024-07-18");
  CHECK(s.model == "gpt-4o-mini-2024-07-18");  // the response model wins
  CHECK(s.provider == "openai");
  CHECK(s.input_tokens == 82);
  CHECK(s.output_tokens == 17);
  CHECK(!s.cost_usd);  // never priced
  CHECK(s.session_id == "sess-1");
  CHECK(!m.time_from_import);
  CHECK(s.started_ns == *parse_rfc3339("2025-01-01T00:00:00Z"));
  CHECK(s.ended_ns == *parse_rfc3339("2025-01-01T00:00:00.8125Z"));
  CHECK(json::parse(*s.input_json) == json::parse(R"([{"role":"system","content":"You are a weather bot."},
                                                      {"role":"user","content":"Weather in Paris?"}])"));
  CHECK(json::parse(*s.output_json) == json::parse(R"([{"role":"assistant","content":null,"tool_calls":[
      {"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}])"));
  const json a = attrs(s);
  CHECK(a["request.temperature"] == 0.2);
  CHECK(a["request.max_tokens"] == 256);
  CHECK(a["request.model"] == "gpt-4o-mini");
  CHECK(a["request.tools"][0]["function"]["name"] == "get_weather");
  CHECK(a["response.finish_reason"] == "tool_calls");
  CHECK(a["response.system_fingerprint"] == "fp_abc");
  CHECK(a["response.usage.total_tokens"] == 99);
  CHECK(a["response.usage.prompt_tokens_details"]["cached_tokens"] == 0);
  CHECK(a["metadata"]["feature"] == "weather");
  CHECK(!a.contains("response.created"));
  CHECK(!a.contains("response.choices"));
  CHECK(!a.contains("request.messages"));
}

TEST_CASE("request-response: Anthropic messages with system, tool_use and tool_result", "[request-response]") {
  const auto m = only(kAnthropic);
  const Span& s = m.span;
  CHECK(s.span_id == "msg_01XYZ");
  CHECK(s.provider == "anthropic");
  CHECK(s.model == "claude-sonnet-4-5-20250929");
  CHECK(s.input_tokens == 410);
  CHECK(s.output_tokens == 38);
  CHECK(s.user_id == "user-42");
  CHECK(m.time_from_import);  // Anthropic bodies carry no time and the record none either
  CHECK(s.started_ns == kImportTime);
  CHECK(!s.ended_ns);
  const json input = json::parse(*s.input_json);
  CHECK(input == json::parse(R"([
    {"role":"system","content":"You are a careful assistant."},
    {"role":"user","content":[{"type":"text","text":"What is in this image, and what's the weather in Oslo?"},
                              {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0K"}}]},
    {"role":"assistant","content":[{"type":"reasoning","text":"Need the tool."},{"type":"text","text":"Let me check."}],
     "tool_calls":[{"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
    {"role":"tool","tool_call_id":"toolu_01","content":"-3C, snow"},
    {"role":"user","content":"Thanks!"}])"));
  CHECK(json::parse(*s.output_json) ==
        json::parse(R"([{"role":"assistant","content":"It is a cat. Oslo: -3C with snow.",
      "tool_calls":[{"id":"toolu_02","type":"function","function":{"name":"log_answer","arguments":"{\"ok\":true}"}}]}])"));
  const json a = attrs(s);
  CHECK(a["response.usage.cache_creation_input_tokens"] == 120);
  CHECK(a["response.usage.cache_read_input_tokens"] == 2048);
  CHECK(a["response.stop_reason"] == "tool_use");
  CHECK(a["request.max_tokens"] == 1024);
  // The thinking block is a reasoning part; its signature (an opaque blob) stays in attributes.
  CHECK(a["request.unconverted"][0]["message"] == 0);  // the system block's cache_control
  CHECK(a["request.unconverted"][1]["message"] == 2);
  CHECK(a["request.unconverted"][1]["content[0]"]["signature"] == "sig");
  CHECK(!a.contains("request.system"));
  CHECK(!a.contains("response.content"));

  SECTION("a record time wins over the import time; latency gives the end") {
    json record = json::parse(kAnthropic);
    record["timestamp"] = "2025-10-01T08:00:00.5+02:00";
    record["latency_ms"] = 1500;
    const auto timed = only(record.dump());
    CHECK(!timed.time_from_import);
    CHECK(timed.span.started_ns == *parse_rfc3339("2025-10-01T06:00:00.5Z"));
    CHECK(timed.span.ended_ns == *parse_rfc3339("2025-10-01T06:00:02Z"));
    CHECK(!attrs(timed.span).contains("timestamp"));
  }
  SECTION("a tool_result with an error and block content") {
    json record = json::parse(kAnthropic);
    record["request"]["messages"][2]["content"] =
        json::parse(R"([{"type":"tool_result","tool_use_id":"toolu_01","is_error":true,
                         "content":[{"type":"text","text":"city not found"}]}])");
    const json in = json::parse(*only(record.dump()).span.input_json);
    // is_error is not a canonical key: the message holds the text, the block stays in attributes.
    CHECK(in.back() == json::parse(R"({"role":"tool","tool_call_id":"toolu_01","content":"city not found"})"));
    const json unconverted = attrs(only(record.dump()).span)["request.unconverted"];
    CHECK(unconverted.back()["content[0]"]["is_error"] == true);
  }
  SECTION("the record's cost and provider are taken as given") {
    json record = json::parse(kAnthropic);
    record["cost_usd"] = 0.0123;
    record["provider"] = "Bedrock";
    const Span priced = only(record.dump()).span;
    CHECK(priced.cost_usd == 0.0123);
    CHECK(priced.provider == "bedrock");
  }
}

TEST_CASE("request-response: an OpenAI Responses API call", "[request-response]") {
  const auto m = only(kResponses);
  const Span& s = m.span;
  CHECK(s.span_id == "resp_0a1b");
  CHECK(s.provider == "openai");
  CHECK(s.model == "gpt-5-2025-08-07");
  CHECK(s.input_tokens == 64);
  CHECK(s.output_tokens == 120);
  CHECK(s.started_ns == *parse_rfc3339("2025-03-08T23:29:02Z"));  // response.created_at wins
  CHECK(json::parse(*s.input_json) == json::parse(R"([
    {"role":"system","content":"Be brief."},
    {"role":"user","content":"Weather in Rome?"},
    {"role":"assistant","content":null,"tool_calls":[
      {"id":"call_r1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
    {"role":"tool","tool_call_id":"call_r1","content":"25C, sunny"}])"));
  // The reasoning item has no summary and no encrypted content: nothing for a message; the
  // message item's id and status are not canonical keys. Both stay in attributes.
  CHECK(json::parse(*s.output_json) == json::parse(R"([{"role":"assistant","content":"Sunny, 25C."}])"));
  const json a = attrs(s);
  CHECK(a["response.unconverted"][0]["type"] == "reasoning");
  CHECK(a["response.unconverted"][1] == json::parse(R"({"message":0,"id":"msg_1"})"));
  CHECK(a["response.usage.output_tokens_details"]["reasoning_tokens"] == 96);
  CHECK(a["request.reasoning"]["effort"] == "low");
  CHECK(a["response.status"] == "completed");
  CHECK(a["timestamp"] == "2025-03-08T23:29:01.250Z");  // not used, so kept
  CHECK(!a.contains("request.instructions"));
}

TEST_CASE("request-response: error bodies are failed spans", "[request-response]") {
  SECTION("OpenAI") {
    const std::string line = R"({"request":{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]},
      "response":{"error":{"message":"Rate limit reached for gpt-4o","type":"requests","code":"rate_limit_exceeded"}},
      "timestamp":1735689600123})";
    const auto m = only(line);
    CHECK(m.span.status == SpanStatus::failed);
    CHECK(m.span.error == "Rate limit reached for gpt-4o");
    CHECK(m.span.provider == "openai");
    CHECK(m.span.model == "gpt-4o");
    CHECK(m.span.span_id.size() == 16);                                      // no response id: a hash of the record
    CHECK(m.span.started_ns == *parse_rfc3339("2025-01-01T00:00:00.123Z"));  // Unix milliseconds
    CHECK(!m.span.output_json);
    CHECK(json::parse(*m.span.input_json) == json::parse(R"([{"role":"user","content":"hi"}])"));
    CHECK(attrs(m.span)["response.error"]["code"] == "rate_limit_exceeded");
    CHECK(!attrs(m.span).contains("request.model"));   // it is the span's model
    CHECK(only(line).span.span_id == m.span.span_id);  // stable
  }
  SECTION("Anthropic") {
    const auto m =
        only(R"({"request":{"model":"claude-opus-4-1","max_tokens":10,"messages":[{"role":"user","content":"hi"}]},
      "response":{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}})");
    CHECK(m.span.status == SpanStatus::failed);
    CHECK(m.span.error == "Overloaded");
    CHECK(m.span.provider == "anthropic");
    CHECK(m.span.model == "claude-opus-4-1");
  }
}

TEST_CASE("request-response: malformed records say what is wrong", "[request-response]") {
  CHECK(error_of(R"({"request":{"messages":[]},"response":"timeout"})") ==
        "field 'response': expected a response body object, got \"timeout\"");
  CHECK_THAT(error_of(R"({"request":{"prompt":"hi"},"response":{"text":"hello","tokens":3}})"),
             Catch::StartsWith("field 'response': not an OpenAI Chat Completions, OpenAI Responses or Anthropic "
                               "Messages body: a JSON object with keys text, tokens; the request is a JSON object "
                               "with keys prompt"));
  CHECK_THAT(error_of(R"({"response":{"id":"x","choices":[]}})"), Catch::StartsWith("field 'request': is required"));
  CHECK_THAT(error_of(R"({"request":{},"response":{"choices":[]},"latency_ms":"fast"})"),
             Catch::StartsWith("field 'latency_ms': expected a number of milliseconds"));
  CHECK_THAT(error_of(R"({"request":{},"response":{"choices":[]},"timestamp":"noon"})"),
             Catch::StartsWith("field 'timestamp': \"noon\" is not a date-time"));
  CHECK_THAT(error_of(R"({"request":{},"response":{"choices":[]},"cost_usd":-1})"),
             Catch::StartsWith("field 'cost_usd': expected a number of US dollars"));
  CHECK_THAT(error_of(R"([1,2])"), Catch::StartsWith("expected an object {\"request\", \"response\"}"));
}

TEST_CASE("request-response: unknown message shapes are kept raw", "[request-response]") {
  const auto m = only(R"({"request":{"model":"m","messages":"plain prompt"},
                          "response":{"id":"chatcmpl-1","choices":[{"message":{"role":"assistant","content":"ok"}}],"created":1735689600}})");
  CHECK(json::parse(*m.span.input_json) == "plain prompt");
  CHECK(json::parse(*m.span.output_json) == json::parse(R"([{"role":"assistant","content":"ok"}])"));
}

TEST_CASE("request-response: a JSONL log imports through the engine, idempotently", "[request-response]") {
  Engine engine(":memory:");
  const std::string text = json::parse(kOpenAiToolCall).dump() + "\n" + json::parse(kAnthropic).dump() + "\n" +
                           json::parse(kResponses).dump() + "\n" + R"({"request":{},"response":{"what":1}})" + "\n";
  for (int round = 0; round < 2; ++round) {
    auto session = engine.begin_import({.file_name = "calls.jsonl", .import_time_ns = kImportTime});
    session->feed(text);
    const auto report = session->finish();
    CHECK(report.format == "request-response");
    CHECK(report.counts.read == 4);
    CHECK(report.counts.imported == (round == 0 ? 3u : 0u));
    CHECK(report.counts.skipped == (round == 0 ? 0u : 3u));
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 4);
  }
  CHECK(engine.count(engine.parse_filter(R"({"provider":"anthropic"})")) == 1);
  CHECK(engine.count(engine.parse_filter(R"({"min_tokens":90})")) == 3);
}

}  // namespace test_request_response_reader
