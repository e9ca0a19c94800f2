// Messages carried by OpenTelemetry span events and linked log records, tokens from response
// bodies, Vercel AI SDK kinds, and the OpenTelemetry Python span JSON (hand-written inputs; the
// real files are in test_otel_real_files.cpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/import/format_reader.hpp"

#include "collecting_sink.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_otel_events {

using namespace tracesift;
using namespace tracesift::import;
using nlohmann::json;

namespace {

using CollectSink = test::CollectingSpanSink;

CollectSink read_with(const char* format, const json& value) {
  CollectSink sink;
  const auto reader = make_format_reader(format);
  reader->read_value(value, {"test.json", 1, 0}, sink);
  return sink;
}

json kv(const std::string& key, json value) {
  return {{"key", key}, {"value", std::move(value)}};
}

json str(const std::string& s) {
  return {{"stringValue", s}};
}

// An OTLP span with OTLP attributes and events.
json otlp_span(const std::string& span_id, const std::vector<json>& attributes, const std::vector<json>& events = {}) {
  return {{"traceId", "0af7651916cd43dd8448eb211c80319c"},
          {"spanId", span_id},
          {"name", "chat gpt-4o"},
          {"startTimeUnixNano", "1700000000000000001"},
          {"endTimeUnixNano", "1700000001500000000"},
          {"attributes", json(attributes)},
          {"events", json(events)}};
}

json document(const std::vector<json>& spans, const std::vector<json>& logs = {}) {
  json doc = {{"resourceSpans", json::array({{{"scopeSpans", json::array({{{"spans", json(spans)}}})}}})}};
  if (!logs.empty()) {
    doc["resourceLogs"] = json::array({{{"scopeLogs", json::array({{{"logRecords", json(logs)}}})}}});
  }
  return doc;
}

json event(const std::string& name, const std::vector<json>& attributes) {
  return {{"name", name}, {"timeUnixNano", "1700000000500000000"}, {"attributes", json(attributes)}};
}

json log_record(const std::string& span_id, const std::string& event_name, json body,
                const std::vector<json>& attributes = {}) {
  json r = {{"traceId", "0af7651916cd43dd8448eb211c80319c"},
            {"spanId", span_id},
            {"observedTimeUnixNano", "1700000000700000000"},
            {"eventName", event_name},
            {"attributes", json(attributes)}};
  if (!body.is_null()) r["body"] = std::move(body);
  return r;
}

json attrs(const Span& s) {
  return json::parse(s.attributes_json);
}

json messages(const std::optional<std::string>& text) {
  REQUIRE(text);
  return json::parse(*text);
}

}  // namespace

TEST_CASE("otel events: operation details on a span event give both sides, and leave the event",
          "[otlp][otel-events]") {
  const json in = json::array({{{"role", "user"}, {"parts", {{{"type", "text"}, {"content", "Weather in Paris?"}}}}}});
  const json out = json::array(
      {{{"role", "assistant"},
        {"parts",
         {{{"type", "tool_call"}, {"id", "call_1"}, {"name", "get_weather"}, {"arguments", {{"city", "Paris"}}}}}},
        {"finish_reason", "tool_use"}}});
  const json sys = json::array({{{"type", "text"}, {"content", "Be brief."}}});
  const auto sink = read_with(
      "otlp", document({otlp_span(
                  "b7ad6b7169203331",
                  {kv("gen_ai.request.model", str("claude")),
                   kv("gen_ai.response.finish_reasons", {{"arrayValue", {{"values", {str("tool_use")}}}}})},
                  {event("gen_ai.client.inference.operation.details",
                         {kv("gen_ai.input.messages", str(in.dump())), kv("gen_ai.output.messages", str(out.dump())),
                          kv("gen_ai.system_instructions", str(sys.dump()))})})}));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  CHECK(messages(s.input_json) ==
        json::parse(R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}])"));
  const json output = messages(s.output_json);
  REQUIRE(output.size() == 1);
  CHECK(output[0]["role"] == "assistant");
  CHECK(output[0]["tool_calls"][0]["id"] == "call_1");
  CHECK(output[0]["tool_calls"][0]["function"]["name"] == "get_weather");
  CHECK(output[0]["tool_calls"][0]["function"]["arguments"] == R"({"city":"Paris"})");
  // Every attribute of the event is in the messages: the event leaves otel.events.
  CHECK_FALSE(attrs(s).contains("otel.events"));
}

TEST_CASE("otel events: the span's own message attributes win over events, which then stay", "[otlp][otel-events]") {
  const json in = json::array({{{"role", "user"}, {"content", "from the attribute"}}});
  const auto sink =
      read_with("otlp", document({otlp_span("b7ad6b7169203331", {kv("gen_ai.input.messages", str(in.dump()))},
                                            {event("gen_ai.user.message", {kv("content", str("from the event"))}),
                                             event("gen_ai.choice", {kv("message", str("ignored?"))})})}));
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  CHECK(messages(s.input_json)[0]["content"] == "from the attribute");
  const json events = attrs(s)["otel.events"];
  REQUIRE(events.size() == 2);
  CHECK(events[0]["name"] == "gen_ai.user.message");
  CHECK(events[0]["attributes"]["content"] == "from the event");  // not mapped: kept whole
}

TEST_CASE("otel events: per-message log records (openai-v2) give input and output in order, with tool calls",
          "[otlp][otel-events]") {
  const std::string id = "b7ad6b7169203331";
  const json assistant_body = {
      {"kvlistValue",
       {{"values",
         {kv("tool_calls", {{"arrayValue",
                             {{"values",
                               {{{"kvlistValue",
                                  {{"values",
                                    {kv("id", str("call_9")), kv("type", str("function")),
                                     kv("function", {{"kvlistValue",
                                                      {{"values",
                                                        {kv("name", str("lookup")),
                                                         kv("arguments", str("{\"q\": \"x\"}"))}}}}})}}}}}}}}}})}}}}};
  const auto sink = read_with(
      "otlp",
      document(
          {otlp_span(id, {kv("gen_ai.system", str("openai")), kv("gen_ai.request.model", str("gpt-4.1-mini"))})},
          {log_record(id, "gen_ai.system.message", {{"kvlistValue", {{"values", {kv("content", str("Be kind."))}}}}},
                      {kv("gen_ai.system", str("openai"))}),
           log_record(id, "gen_ai.user.message", {{"kvlistValue", {{"values", {kv("content", str("Find x"))}}}}}),
           log_record(id, "gen_ai.assistant.message", assistant_body),
           log_record(id, "gen_ai.tool.message",
                      {{"kvlistValue", {{"values", {kv("content", str("x is 1")), kv("id", str("call_9"))}}}}}),
           log_record(id, "gen_ai.choice",
                      {{"kvlistValue",
                        {{"values",
                          {kv("index", {{"intValue", "0"}}), kv("finish_reason", str("stop")),
                           kv("message", {{"kvlistValue", {{"values", {kv("content", str("x is one."))}}}}})}}}}}),
           log_record("00f067aa0ba902b7", "gen_ai.user.message",
                      {{"kvlistValue", {{"values", {kv("content", str("another span's"))}}}}})}));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  const json input = messages(s.input_json);
  REQUIRE(input.size() == 4);
  CHECK(input[0] == json{{"role", "system"}, {"content", "Be kind."}});
  CHECK(input[1] == json{{"role", "user"}, {"content", "Find x"}});
  CHECK(input[2]["role"] == "assistant");
  CHECK(input[2]["content"].is_null());
  CHECK(input[2]["tool_calls"][0] ==
        json::parse(R"({"id":"call_9","type":"function","function":{"name":"lookup","arguments":"{\"q\": \"x\"}"}})"));
  CHECK(input[3] == json{{"role", "tool"}, {"content", "x is 1"}, {"tool_call_id", "call_9"}});
  CHECK(messages(s.output_json) == json::parse(R"([{"role":"assistant","content":"x is one."}])"));
  // What messages do not hold stays on the events: gen_ai.system, the choice's finish_reason.
  const json events = attrs(s)["otel.events"];
  REQUIRE(events.size() == 2);
  CHECK(events[0]["name"] == "gen_ai.system.message");
  CHECK(events[0]["attributes"] == json{{"gen_ai.system", "openai"}});
  CHECK_FALSE(events[0].contains("body"));
  CHECK(events[1]["name"] == "gen_ai.choice");
  CHECK(events[1]["body"] == json{{"finish_reason", "stop"}});
  CHECK(events[1]["time"] == "2023-11-14T22:13:20.700Z");
}

TEST_CASE("otel events: Semantic Kernel's gen_ai.event.content and google-genai Gemini contents",
          "[otlp][otel-events]") {
  SECTION("gen_ai.event.content JSON text on span events") {
    const auto sink = read_with(
        "otlp",
        document({otlp_span(
            "b7ad6b7169203331", {},
            {event("gen_ai.user.message", {kv("gen_ai.system", str("openai")),
                                           kv("gen_ai.event.content", str(R"({"role":"user","content":"Hi"})"))}),
             event(
                 "gen_ai.choice",
                 {kv("gen_ai.event.content",
                     str(R"({"index":0,"message":{"role":"Assistant","content":"Hello"},"finish_reason":"Stop"})"))})})}));
    REQUIRE(sink.spans.size() == 1);
    const Span& s = sink.spans[0];
    CHECK(messages(s.input_json) == json::parse(R"([{"role":"user","content":"Hi"}])"));
    CHECK(messages(s.output_json) == json::parse(R"([{"role":"assistant","content":"Hello"}])"));
    const json events = attrs(s)["otel.events"];
    REQUIRE(events.size() == 2);
    CHECK(events[0]["attributes"] == json{{"gen_ai.system", "openai"}});
    // The choice keeps its finish reason: gen_ai.event.content stays whole.
    CHECK(events[1]["attributes"].contains("gen_ai.event.content"));
  }
  SECTION("Gemini contents with every Part field present") {
    const json part = {
        {"kvlistValue", {{"values", {{{"key", "function_call"}}, kv("text", str("Hello")), {{"key", "thought"}}}}}}};
    const json content = {
        {"kvlistValue", {{"values", {kv("parts", {{"arrayValue", {{"values", {part}}}}}), kv("role", str("model"))}}}}};
    const auto sink =
        read_with("otlp", document({otlp_span("b7ad6b7169203331", {})},
                                   {log_record("b7ad6b7169203331", "gen_ai.choice",
                                               {{"kvlistValue",
                                                 {{"values",
                                                   {kv("index", {{"intValue", "0"}}), kv("content", content),
                                                    kv("finish_reason", str("STOP"))}}}}})}));
    REQUIRE(sink.spans.size() == 1);
    CHECK(messages(sink.spans[0].output_json) == json::parse(R"([{"role":"assistant","content":"Hello"}])"));
  }
}

TEST_CASE("otel events: a log record with bad ids is reported with its path, the spans still import",
          "[otlp][otel-events]") {
  json bad = log_record("zz", "gen_ai.user.message", nullptr);
  const auto sink = read_with("otlp", document({otlp_span("b7ad6b7169203331", {})}, {bad}));
  REQUIRE(sink.spans.size() == 1);
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0].find("resourceLogs[0].scopeLogs[0].logRecords[0]: field 'spanId'") == 0);
}

TEST_CASE("otel tokens: a response body in output.value gives the counts no attribute gives", "[otlp][otel-events]") {
  const auto span_with = [](const std::string& body, const std::vector<json>& more = {}) {
    std::vector<json> a = {kv("openinference.span.kind", str("LLM")), kv("output.value", str(body))};
    a.insert(a.end(), more.begin(), more.end());
    const auto sink = read_with("otlp", document({otlp_span("b7ad6b7169203331", a)}));
    REQUIRE(sink.spans.size() == 1);
    return sink.spans[0];
  };
  SECTION("OpenAI chat completion") {
    const Span s = span_with(
        R"({"object":"chat.completion","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":19,"total_tokens":31,"prompt_tokens_details":{"cached_tokens":4}}})");
    CHECK(s.input_tokens == std::optional<int64_t>(12));
    CHECK(s.output_tokens == std::optional<int64_t>(19));
  }
  SECTION("Anthropic message") {
    const Span s = span_with(
        R"({"type":"message","content":[],"usage":{"input_tokens":7,"cache_read_input_tokens":100,"output_tokens":3}})");
    CHECK(s.input_tokens == std::optional<int64_t>(7));
    CHECK(s.output_tokens == std::optional<int64_t>(3));
  }
  SECTION("Gemini response") {
    const Span s = span_with(R"({"candidates":[],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2}})");
    CHECK(s.input_tokens == std::optional<int64_t>(5));
    CHECK(s.output_tokens == std::optional<int64_t>(2));
  }
  SECTION("attributes win") {
    const Span s = span_with(R"({"usage":{"prompt_tokens":12,"completion_tokens":19}})",
                             {kv("llm.token_count.prompt", {{"intValue", "40"}})});
    CHECK(s.input_tokens == std::optional<int64_t>(40));
    CHECK_FALSE(s.output_tokens);
  }
  SECTION("a body without usage gives none") {
    const Span s = span_with(R"({"choices":[{"message":{"role":"assistant","content":"usage: none"}}]})");
    CHECK_FALSE(s.input_tokens);
    CHECK_FALSE(s.output_tokens);
  }
}

TEST_CASE("otel vercel: operation.name without ai.operationId gives the kind; embedding tokens are read",
          "[otlp][otel-events]") {
  const auto kind_of = [](const std::vector<json>& a) {
    const auto sink = read_with("otlp", document({otlp_span("b7ad6b7169203331", a)}));
    REQUIRE(sink.spans.size() == 1);
    return sink.spans[0];
  };
  const Span embed =
      kind_of({kv("operation.name", str("ai.embed.doEmbed test-embed")),
               kv("ai.model.id", str("text-embedding-3-small")), kv("ai.usage.tokens", {{"intValue", 10}})});
  CHECK(embed.kind == SpanKind::embedding);
  CHECK(embed.input_tokens == std::optional<int64_t>(10));
  CHECK_FALSE(attrs(embed).contains("ai.usage.tokens"));
  const Span tool = kind_of({kv("operation.name", str("ai.toolCall my-fn")), kv("ai.model.id", str("gpt-4o"))});
  CHECK(tool.kind == SpanKind::tool);
  // The ai.embed span around the model call repeats the count: not read there.
  const Span outer = kind_of({kv("ai.operationId", str("ai.embed")), kv("ai.usage.tokens", {{"intValue", 10}}),
                              kv("ai.model.id", str("text-embedding-3-small"))});
  CHECK(outer.kind == SpanKind::chain);
  CHECK_FALSE(outer.input_tokens);
}

TEST_CASE("otel-python: a console-exporter span maps ids, times, kind, status, events, links and resource",
          "[otel-python]") {
  const json span = json::parse(R"({
    "name": "chat gpt-4o",
    "context": {"trace_id": "0x160cb466f2d2afeff4d545250f65282c", "span_id": "0x126e46b0568ab38c", "trace_state": "[]"},
    "kind": "SpanKind.CLIENT",
    "parent_id": "0x728a10b6c1afa1c2",
    "start_time": "2024-05-01T18:41:34.721392Z",
    "end_time": "2024-05-01T18:41:35.709838Z",
    "status": {"status_code": "ERROR", "description": "rate limited"},
    "attributes": {"gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 3},
    "events": [{"name": "gen_ai.user.message", "timestamp": "2024-05-01T18:41:34.800000Z",
                "attributes": {"content": "Hi"}}],
    "links": [{"context": {"trace_id": "0x7dc5cd6905f15f8bcb8ef3e8e679947f", "span_id": "0x728a10b6c1afa1c2",
               "trace_state": "[]"}, "attributes": {"why": "retry"}}],
    "resource": {"attributes": {"service.name": "my-app", "telemetry.sdk.language": "python"}, "schema_url": ""}
  })");
  CHECK(detect_format(span) == std::optional<std::string_view>("otel-python"));
  const auto sink = read_with("otel-python", span);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  CHECK(s.trace_id == "160cb466f2d2afeff4d545250f65282c");
  CHECK(s.span_id == "126e46b0568ab38c");
  CHECK(s.parent_span_id == std::optional<std::string>("728a10b6c1afa1c2"));
  CHECK(s.started_ns == 1714588894721392000);
  CHECK(s.ended_ns == std::optional<int64_t>(1714588895709838000));
  CHECK(s.status == SpanStatus::failed);
  CHECK(s.error == std::optional<std::string>("rate limited"));
  CHECK(s.model == std::optional<std::string>("gpt-4o"));
  CHECK(s.kind == SpanKind::llm_call);
  CHECK(s.input_tokens == std::optional<int64_t>(3));
  CHECK(s.task == std::optional<std::string>("my-app"));
  CHECK(messages(s.input_json) == json::parse(R"([{"role":"user","content":"Hi"}])"));
  const json a = attrs(s);
  CHECK(a["otel.span_kind"] == "CLIENT");
  CHECK_FALSE(a.contains("otel.trace_state"));
  CHECK_FALSE(a.contains("otel.events"));
  CHECK(
      a["otel.links"] ==
      json::parse(
          R"([{"trace_id":"7dc5cd6905f15f8bcb8ef3e8e679947f","span_id":"728a10b6c1afa1c2","attributes":{"why":"retry"}}])"));
  CHECK(a["otel.resource"] == json{{"telemetry.sdk.language", "python"}});
}

TEST_CASE("otel-python: Phoenix's span_kind, status and nested attributes", "[otel-python]") {
  const json span = json::parse(R"({
    "name": "ChatCompletion",
    "context": {"trace_id": "160cb466f2d2afeff4d545250f65282c", "span_id": "126e46b0568ab38c"},
    "span_kind": "LLM",
    "parent_id": null,
    "start_time": "2024-05-01T18:41:34.721392+00:00",
    "end_time": "2024-05-01T18:41:35.709838",
    "status_code": "OK",
    "status_message": "",
    "attributes": {"llm": {"model_name": "gpt-4o-mini", "token_count": {"prompt": 5, "completion": 2},
                   "input_messages": [{"message": {"role": "user", "content": "Hi"}}]},
                   "tag": {"tags": ["a", "b"]}},
    "events": []
  })");
  const auto sink = read_with("otel-python", span);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  CHECK(s.kind == SpanKind::llm_call);
  CHECK(s.status == SpanStatus::completed);
  CHECK(s.ended_ns == std::optional<int64_t>(1714588895709838000));  // no offset: UTC
  CHECK(s.model == std::optional<std::string>("gpt-4o-mini"));
  CHECK(s.input_tokens == std::optional<int64_t>(5));
  CHECK(s.output_tokens == std::optional<int64_t>(2));
  CHECK(messages(s.input_json) == json::parse(R"([{"role":"user","content":"Hi"}])"));
  CHECK(attrs(s)["tag.tags"] == json::array({"a", "b"}));
}

TEST_CASE("otel-python: bad fields are errors naming the field", "[otel-python]") {
  const auto error_of = [](const std::string& text) {
    const auto sink = read_with("otel-python", json::parse(text));
    REQUIRE(sink.spans.empty());
    REQUIRE(sink.errors.size() == 1);
    return sink.errors[0];
  };
  CHECK(
      error_of(
          R"({"context":{"trace_id":"0x160cb466f2d2afeff4d545250f65282c","span_id":"0x12"},"start_time":"2024-05-01T18:41:34Z"})")
          .find("field 'context.span_id'") == 0);
  CHECK(
      error_of(
          R"({"context":{"trace_id":"0x160cb466f2d2afeff4d545250f65282c","span_id":"0x126e46b0568ab38c"},"start_time":"yesterday"})") ==
      R"(field 'start_time': expected an ISO 8601 time ("2024-05-01T12:00:00.123456Z"), got "yesterday")");
  CHECK(
      error_of(
          R"({"context":{"trace_id":"0x160cb466f2d2afeff4d545250f65282c","span_id":"0x126e46b0568ab38c"},"start_time":"2024-05-01T18:41:34Z","end_time":"2024-05-01T18:41:33Z"})")
          .find("field 'end_time'") == 0);
}

TEST_CASE("otel-python: pretty-printed spans one after another among text lines import through the session",
          "[otel-python][import]") {
  const std::string span_text = R"({
    "name": "one",
    "context": {
        "trace_id": "0x160cb466f2d2afeff4d545250f65282c",
        "span_id": "0x126e46b0568ab38c",
        "trace_state": "[]"
    },
    "kind": "SpanKind.INTERNAL",
    "parent_id": null,
    "start_time": "2024-05-01T18:41:34.721392Z",
    "end_time": "2024-05-01T18:41:35.709838Z",
    "status": {"status_code": "UNSET"},
    "attributes": {"note": "a } and a { in a string"},
    "events": [],
    "links": [],
    "resource": {"attributes": {}, "schema_url": ""}
})";
  std::string second = span_text;
  second.replace(second.find("126e46b0568ab38c"), 16, "728a10b6c1afa1c2");
  SECTION("auto-detected, text lines skipped") {
    Engine engine(":memory:");
    auto session = engine.begin_import({.file_name = "out.txt"});
    session->feed("Starting\n" + span_text + "\nctx={'a': 1}\n" + second + "\nDONE\n");
    const auto report = session->finish();
    CHECK(report.format == "otel-python");
    CHECK(report.counts.imported == 2);
    CHECK(report.counts.read == 2);
    CHECK(report.errors.empty());
  }
  SECTION("an unterminated record is one error naming its first line") {
    Engine engine(":memory:");
    auto session = engine.begin_import({.file_name = "out.txt"});
    session->feed(span_text + "\n" + second.substr(0, second.size() - 2) + "\n");
    const auto report = session->finish();
    CHECK(report.counts.imported == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 18);
    CHECK(report.errors[0].code == "invalid_json");
  }
  SECTION("text lines in a file of another format are reported") {
    Engine engine(":memory:");
    auto session = engine.begin_import({.file_name = "spans.jsonl"});
    session->feed(
        "hello\n"
        R"({"span_id":"a","trace_id":"t","name":"n","kind":"llm_call","status":"completed","started_at":"2025-05-01T12:00:00Z","ended_at":"2025-05-01T12:00:01Z"})"
        "\n");
    const auto report = session->finish();
    CHECK(report.format == "native");
    CHECK(report.counts.imported == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 1);
    CHECK(report.errors[0].code == "invalid_json");
  }
}

}  // namespace test_otel_events
