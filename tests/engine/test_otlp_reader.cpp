// The OTLP JSON reader on real exports (opentelemetry-proto, Vercel AI SDK ReadableSpans) and on
// hand-written edge cases: ids, times, attribute values, status, errors with paths.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/import/format_reader.hpp"

#include "collecting_sink.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_otlp_reader {

using namespace tracesift;
using namespace tracesift::import;
using nlohmann::json;

namespace {

std::string read_fixture(const std::string& relative) {
  std::ifstream in(std::string(TRACESIFT_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

using CollectSink = test::CollectingSpanSink;

CollectSink read_otlp(const json& value) {
  CollectSink sink;
  const auto reader = make_otlp_reader("otlp");
  reader->read_value(value, {"test.json", 1, 0}, sink);
  return sink;
}

const Span& by_name(const CollectSink& sink, const std::string& name) {
  for (const auto& s : sink.spans) {
    if (s.name == name) return s;
  }
  FAIL("no span named " << name);
  throw;
}

json attrs(const Span& s) {
  return json::parse(s.attributes_json);
}

// An OTLP document of one resource and one scope holding `spans`.
// Design note: a vector, not a json, because a braced list of one json element is a copy under
// clang (em++) but a one-element array under g++.
json document(const std::vector<json>& spans, json resource_attributes = json::array()) {
  json scope = {{"scope", {{"name", "test-scope"}, {"version", "2.0"}}}, {"spans", json(spans)}};
  json resource = {{"resource", {{"attributes", std::move(resource_attributes)}}},
                   {"scopeSpans", json::array({std::move(scope)})}};
  return {{"resourceSpans", json::array({std::move(resource)})}};
}

json kv(const std::string& key, json value) {
  return {{"key", key}, {"value", std::move(value)}};
}

json span_json(const std::string& span_id, const std::vector<json>& attributes = {}) {
  return {{"traceId", "0af7651916cd43dd8448eb211c80319c"},
          {"spanId", span_id},
          {"name", "span " + span_id},
          {"kind", 3},
          {"startTimeUnixNano", "1700000000000000001"},
          {"endTimeUnixNano", "1700000001500000000"},
          {"attributes", json(attributes)}};
}

}  // namespace

TEST_CASE("otlp: the opentelemetry-proto example is one span with exact ids and times", "[otlp]") {
  const auto sink = read_otlp(json::parse(read_fixture("opentelemetry-proto/trace.json")));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  CHECK(s.trace_id == "5b8efff798038103d269b633813fc60c");
  CHECK(s.span_id == "eee19b7ec3c1b174");
  CHECK(s.parent_span_id == std::optional<std::string>("eee19b7ec3c1b173"));
  CHECK(s.name == "I'm a server span");
  CHECK(s.started_ns == 1544712660000000000);
  CHECK(s.ended_ns == std::optional<int64_t>(1544712661000000000));
  CHECK(s.status == SpanStatus::completed);
  CHECK(s.kind == SpanKind::custom);
  CHECK_FALSE(s.model);
  CHECK_FALSE(s.provider);
  CHECK_FALSE(s.input_tokens);
  CHECK_FALSE(s.output_tokens);
  CHECK_FALSE(s.cost_usd);
  CHECK_FALSE(s.input_json);
  CHECK_FALSE(s.output_json);
  CHECK(s.task == std::optional<std::string>("my.service"));  // service.name
  const json a = attrs(s);
  CHECK(a["my.span.attr"] == "some value");
  CHECK(a["otel.span_kind"] == "SERVER");
  CHECK(a["otel.scope"] == json::parse(R"({"name":"my.library","version":"1.0.0",
                                          "attributes":{"my.scope.attribute":"some scope attribute"}})"));
  CHECK_FALSE(a.contains("otel.resource"));  // service.name is the task: nothing else left
}

TEST_CASE("otlp: Vercel AI SDK v6 ReadableSpan dumps map through read_value", "[otlp]") {
  const json all = json::parse(read_fixture("openinference-vercel-v6-spans/all-spans.json"));
  REQUIRE(all.is_array());
  CollectSink sink;
  const auto reader = make_otlp_reader("otlp");
  for (const auto& element : all) reader->read_value(element, {"all-spans.json", 1, 0}, sink);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 10);

  const Span& generate = sink.spans[0];
  REQUIRE(generate.name == "ai.generateText.doGenerate");
  CHECK(generate.trace_id == "b3e700af9eab81e19f72f964d62a35af");
  CHECK(generate.span_id == "39d6e9b3ddec9996");
  CHECK_FALSE(generate.parent_span_id);
  CHECK(generate.kind == SpanKind::llm_call);
  CHECK(generate.status == SpanStatus::completed);
  CHECK(generate.model == std::optional<std::string>("gpt-4o-mini-2024-07-18"));
  CHECK(generate.provider == std::optional<std::string>("openai"));  // "openai.responses"
  CHECK(generate.input_tokens == std::optional<int64_t>(14));
  CHECK(generate.output_tokens == std::optional<int64_t>(20));
  CHECK_FALSE(generate.cost_usd);
  CHECK(generate.started_ns == 1770131992242000000);
  CHECK(generate.ended_ns == std::optional<int64_t>(1770131994021415667));
  CHECK(json::parse(*generate.input_json) ==
        json::parse(R"([{"role":"user","content":"Write a haiku about programming."}])"));
  const json out = json::parse(*generate.output_json);
  REQUIRE(out.size() == 1);
  CHECK(out[0]["role"] == "assistant");
  CHECK(out[0]["content"] == "Lines of code align,  \nLogic dances through the night\u2014  \nDreams in data flow.");
  const json a = attrs(generate);
  CHECK(a["ai.telemetry.metadata.testCategory"] == "text-generation");
  CHECK(a["gen_ai.request.model"] == "gpt-4o-mini");  // differs from the response model: kept
  CHECK(a["gen_ai.system"] == "openai.responses");    // not what provider says in full: kept
  CHECK(a["gen_ai.response.finish_reasons"] == json::array({"stop"}));
  CHECK_FALSE(a.contains("gen_ai.response.model"));
  CHECK_FALSE(a.contains("ai.response.model"));  // same value as the model
  CHECK_FALSE(a.contains("gen_ai.usage.input_tokens"));
  CHECK_FALSE(a.contains("ai.prompt.messages"));
  CHECK_FALSE(a.contains("ai.response.text"));

  const Span& embed = by_name(sink, "ai.embed.doEmbed");
  CHECK(embed.kind == SpanKind::embedding);
  CHECK(embed.model == std::optional<std::string>("text-embedding-3-small"));
  CHECK(embed.provider == std::optional<std::string>("openai"));
  CHECK(attrs(embed).contains("ai.embeddings"));

  CHECK(by_name(sink, "ai.generateText").kind == SpanKind::agent);
  CHECK(by_name(sink, "ai.embed").kind == SpanKind::chain);

  const Span& object = by_name(sink, "ai.generateObject.doGenerate");
  CHECK(object.input_tokens == std::optional<int64_t>(63));
  CHECK(object.output_tokens == std::optional<int64_t>(156));
  CHECK(json::parse(*object.output_json)[0]["content"].get<std::string>().rfind("{\"name\":\"Scrambled Eggs\"", 0) ==
        0);

  const Span& stream = by_name(sink, "ai.streamText.doStream");
  CHECK(stream.kind == SpanKind::llm_call);
  const json events = attrs(stream)["otel.events"];
  REQUIRE(events.size() == 2);
  CHECK(events[0]["name"] == "ai.stream.firstChunk");
  CHECK(events[0]["time"] == "2026-02-03T15:20:01.025056459Z");
  CHECK(events[0]["attributes"]["ai.response.msToFirstChunk"] == 426.8535000000011);

  const Span& messages = sink.spans[2];
  REQUIRE(messages.name == "ai.generateText.doGenerate");
  CHECK(json::parse(*messages.input_json) == json::parse(R"([
    {"role":"system","content":"You are a helpful assistant."},
    {"role":"user","content":"What is 2 + 2?"},
    {"role":"assistant","content":"2 + 2 equals 4."},
    {"role":"user","content":"And what is 3 + 3?"}])"));
  // The wrapper's {"messages": [...]} prompt reads the same.
  CHECK(json::parse(*sink.spans[3].input_json) == json::parse(*messages.input_json));
}

TEST_CASE("otlp: base64 ids, integer and string times", "[otlp]") {
  json span = span_json("unused");
  span["traceId"] = "W47/95gDgQPSabYzgT/GDA==";
  span["spanId"] = "7uGbfsPBsXQ=";
  span["parentSpanId"] = "";
  span["startTimeUnixNano"] = 1700000000000000001ull;
  span["endTimeUnixNano"] = "1700000000000000002";
  json url_safe = span_json("unused");
  url_safe["traceId"] = "_-7dzLuqmYh3ZlVEMyIRAA==";
  url_safe["spanId"] = "EEE19B7EC3C1B175";
  const auto sink = read_otlp(document({span, url_safe}));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 2);
  CHECK(sink.spans[0].trace_id == "5b8efff798038103d269b633813fc60c");
  CHECK(sink.spans[0].span_id == "eee19b7ec3c1b174");
  CHECK_FALSE(sink.spans[0].parent_span_id);  // empty parent: a root span
  CHECK(sink.spans[0].started_ns == 1700000000000000001);
  CHECK(sink.spans[0].ended_ns == std::optional<int64_t>(1700000000000000002));
  CHECK(sink.spans[1].trace_id == "ffeeddccbbaa99887766554433221100");
  CHECK(sink.spans[1].span_id == "eee19b7ec3c1b175");
}

TEST_CASE("otlp: AnyValue attributes land in attributes losslessly", "[otlp]") {
  const std::vector<json> attributes = {
      kv("custom.count", {{"intValue", "42"}}),
      kv("custom.big", {{"intValue", 7}}),
      kv("custom.ratio", {{"doubleValue", 0.25}}),
      kv("custom.flag", {{"boolValue", true}}),
      kv("custom.bytes", {{"bytesValue", "AAEC"}}),
      kv("custom.list", {{"arrayValue", {{"values", {{{"stringValue", "a"}}, {{"intValue", "2"}}}}}}}),
      kv("custom.map",
         {{"kvlistValue", {{"values", {kv("x", {{"stringValue", "y"}}), kv("n", {{"arrayValue", json::object()}})}}}}}),
      kv("custom.empty", json::object()),
  };
  const auto sink = read_otlp(document({span_json("00f067aa0ba902b7", attributes)}));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const json a = attrs(sink.spans[0]);
  CHECK(a["custom.count"] == 42);
  CHECK(a["custom.big"] == 7);
  CHECK(a["custom.ratio"] == 0.25);
  CHECK(a["custom.flag"] == true);
  CHECK(a["custom.bytes"] == "AAEC");
  CHECK(a["custom.list"] == json::parse(R"(["a", 2])"));
  CHECK(a["custom.map"] == json::parse(R"({"x":"y","n":[]})"));
  CHECK(a["custom.empty"].is_null());
  CHECK(a["otel.span_kind"] == "CLIENT");
  CHECK(a["otel.scope"] == json::parse(R"({"name":"test-scope","version":"2.0"})"));
  // Source order is kept in the attributes text.
  const auto& text = sink.spans[0].attributes_json;
  CHECK(text.find("custom.count") < text.find("custom.big"));
  CHECK(text.find("custom.big") < text.find("custom.ratio"));
}

TEST_CASE("otlp: status and errors", "[otlp]") {
  json with_message = span_json("0000000000000001", {kv("error.type", {{"stringValue", "RateLimitError"}})});
  with_message["status"] = {{"code", 2}, {"message", "429 Too Many Requests"}};
  json with_type = span_json("0000000000000002", {kv("error.type", {{"stringValue", "timeout"}})});
  with_type["status"] = {{"code", "STATUS_CODE_ERROR"}};
  json with_event = span_json("0000000000000003");
  with_event["status"] = {{"code", 2}};
  with_event["events"] = json::array({json{{"name", "exception"},
                                           {"timeUnixNano", "1700000000500000000"},
                                           {"attributes",
                                            {kv("exception.type", {{"stringValue", "ValueError"}}),
                                             kv("exception.message", {{"stringValue", "bad input"}})}}}});
  json ok = span_json("0000000000000004");
  ok["status"] = {{"code", 1}};
  const auto sink = read_otlp(document({with_message, with_type, with_event, ok}));
  INFO(json(sink.errors).dump());
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 4);
  CHECK(sink.spans[0].status == SpanStatus::failed);
  CHECK(sink.spans[0].error == std::optional<std::string>("429 Too Many Requests"));
  CHECK(attrs(sink.spans[0])["error.type"] == "RateLimitError");
  CHECK(sink.spans[1].status == SpanStatus::failed);
  CHECK(sink.spans[1].error == std::optional<std::string>("timeout"));
  CHECK(sink.spans[2].status == SpanStatus::failed);
  CHECK(sink.spans[2].error == std::optional<std::string>("bad input"));
  const json events = attrs(sink.spans[2])["otel.events"];  // the stack of facts stays
  REQUIRE(events.size() == 1);
  CHECK(events[0] == json::parse(R"({"name":"exception","time":"2023-11-14T22:13:20.500Z",
      "attributes":{"exception.type":"ValueError","exception.message":"bad input"}})"));
  CHECK(sink.spans[3].status == SpanStatus::completed);
  CHECK_FALSE(sink.spans[3].error);
}

TEST_CASE("otlp: a bad span is one error with its path and its siblings still arrive", "[otlp]") {
  json missing = span_json("x");
  missing.erase("spanId");
  json bad_trace = span_json("00f067aa0ba902b8");
  bad_trace["traceId"] = "not-an-id";
  json bad_time = span_json("00f067aa0ba902b9");
  bad_time["startTimeUnixNano"] = "soon";
  json bad_attrs = span_json("00f067aa0ba902ba");
  bad_attrs["attributes"] = json::array({{{"value", {{"stringValue", "no key"}}}}});
  json no_start = span_json("00f067aa0ba902bb");
  no_start.erase("startTimeUnixNano");
  const auto sink = read_otlp(document({span_json("00f067aa0ba902b7"), missing, bad_trace, bad_time, bad_attrs,
                                        no_start, span_json("00f067aa0ba902bc")}));
  REQUIRE(sink.spans.size() == 2);
  CHECK(sink.spans[0].span_id == "00f067aa0ba902b7");
  CHECK(sink.spans[1].span_id == "00f067aa0ba902bc");
  REQUIRE(sink.errors.size() == 5);
  CHECK(sink.errors[0] == "resourceSpans[0].scopeSpans[0].spans[1]: field 'spanId': missing");
  CHECK(sink.errors[1].rfind("resourceSpans[0].scopeSpans[0].spans[2]: field 'traceId': 'not-an-id' is not an id", 0) ==
        0);
  CHECK(sink.errors[2].rfind("resourceSpans[0].scopeSpans[0].spans[3]: field 'startTimeUnixNano': expected", 0) == 0);
  CHECK(sink.errors[3].rfind("resourceSpans[0].scopeSpans[0].spans[4]: field 'attributes[0]': expected", 0) == 0);
  CHECK(sink.errors[4] == "resourceSpans[0].scopeSpans[0].spans[5]: field 'startTimeUnixNano': missing");
}

TEST_CASE("otlp: documents that are not OTLP are one error each", "[otlp]") {
  auto sink = read_otlp(json::parse(R"({"resourceSpans": {"oops": 1}})"));
  CHECK(sink.spans.empty());
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0].rfind("field 'resourceSpans': expected an array", 0) == 0);
  sink = read_otlp(json::parse(R"({"hello": "world"})"));
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0].find("expected an OTLP trace document") != std::string::npos);
  sink = read_otlp(json::parse(R"({"resourceSpans": [3, {"scopeSpans": "x"}]})"));
  REQUIRE(sink.errors.size() == 2);
  CHECK(sink.errors[0] == "resourceSpans[0]: expected an object, got 3");
  CHECK(sink.errors[1] == "resourceSpans[1]: field 'scopeSpans': expected an array, got \"x\"");
  json bad_end = span_json("00f067aa0ba902b7");
  bad_end["endTimeUnixNano"] = "1600000000000000000";
  sink = read_otlp(document({bad_end}));
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0] == "resourceSpans[0].scopeSpans[0].spans[0]: field 'endTimeUnixNano': is before the start time");
}

TEST_CASE("otlp: running spans have no end", "[otlp]") {
  json absent = span_json("0000000000000001");
  absent.erase("endTimeUnixNano");
  json zero = span_json("0000000000000002");
  zero["endTimeUnixNano"] = "0";
  json zero_int = span_json("0000000000000003");
  zero_int["endTimeUnixNano"] = 0;
  const auto sink = read_otlp(document({absent, zero, zero_int}));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 3);
  for (const auto& s : sink.spans) {
    CHECK(s.status == SpanStatus::running);
    CHECK_FALSE(s.ended_ns);
  }
}

TEST_CASE("otlp: resource environment, service name and the unmapped resource attributes", "[otlp]") {
  const json resource = {kv("service.name", {{"stringValue", "support-bot"}}),
                         kv("deployment.environment.name", {{"stringValue", "production"}}),
                         kv("host.name", {{"stringValue", "web-1"}})};
  json overriding = span_json("0000000000000002", {kv("deployment.environment", {{"stringValue", "staging"}}),
                                                   kv("tracesift.task", {{"stringValue", "triage"}})});
  const auto sink = read_otlp(document({span_json("0000000000000001"), overriding}, resource));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 2);
  CHECK(sink.spans[0].environment == std::optional<std::string>("production"));
  CHECK(sink.spans[0].task == std::optional<std::string>("support-bot"));
  CHECK(attrs(sink.spans[0])["otel.resource"] == json::parse(R"({"host.name":"web-1"})"));
  // Span attributes win over the resource; the resource keys not used stay with it.
  CHECK(sink.spans[1].environment == std::optional<std::string>("staging"));
  CHECK(sink.spans[1].task == std::optional<std::string>("triage"));
  const json a = attrs(sink.spans[1]);
  CHECK_FALSE(a.contains("deployment.environment"));
  CHECK_FALSE(a.contains("tracesift.task"));
  CHECK(a["otel.resource"] == json::parse(
                                  R"({"service.name":"support-bot","deployment.environment.name":"production",
                                      "host.name":"web-1"})"));
}

TEST_CASE("otlp: GenAI attributes in an OTLP span, older gen_ai.prompt.N style", "[otlp]") {
  const std::vector<json> attributes = {
      kv("gen_ai.system", {{"stringValue", "OpenAI"}}),
      kv("gen_ai.request.model", {{"stringValue", "gpt-4o"}}),
      kv("gen_ai.usage.prompt_tokens", {{"intValue", "15"}}),
      kv("gen_ai.usage.completion_tokens", {{"intValue", 3}}),
      kv("llm.usage.total_tokens", {{"intValue", 18}}),
      kv("gen_ai.usage.cost", {{"doubleValue", 0.000151}}),
      kv("gen_ai.prompt.0.role", {{"stringValue", "system"}}),
      kv("gen_ai.prompt.0.content", {{"stringValue", "Be brief."}}),
      kv("gen_ai.prompt.1.role", {{"stringValue", "user"}}),
      kv("gen_ai.prompt.1.content", {{"stringValue", "Hi"}}),
      kv("gen_ai.completion.0.role", {{"stringValue", "assistant"}}),
      kv("gen_ai.completion.0.content", {{"stringValue", "Hello!"}}),
      kv("gen_ai.completion.0.finish_reason", {{"stringValue", "stop"}}),
      kv("gen_ai.conversation.id", {{"stringValue", "conv-7"}}),
      kv("user.id", {{"stringValue", "u-1"}}),
      kv("my.custom", {{"stringValue", "kept"}}),
  };
  const auto sink = read_otlp(document({span_json("0000000000000001", attributes)}));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  CHECK(s.kind == SpanKind::llm_call);  // a model and nothing else says otherwise
  CHECK(s.model == std::optional<std::string>("gpt-4o"));
  CHECK(s.provider == std::optional<std::string>("openai"));
  CHECK(s.input_tokens == std::optional<int64_t>(15));
  CHECK(s.output_tokens == std::optional<int64_t>(3));
  CHECK(s.cost_usd == std::optional<double>(0.000151));
  CHECK(s.session_id == std::optional<std::string>("conv-7"));
  CHECK(s.user_id == std::optional<std::string>("u-1"));
  CHECK(json::parse(*s.input_json) ==
        json::parse(R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}])"));
  CHECK(json::parse(*s.output_json) == json::parse(R"([{"role":"assistant","content":"Hello!"}])"));
  const json a = attrs(s);
  CHECK(a["gen_ai.system"] == "OpenAI");  // lower-casing lost its spelling: kept
  CHECK(a["gen_ai.completion.0.finish_reason"] == "stop");
  CHECK(a["my.custom"] == "kept");
  CHECK(a.size() == 5);  // those three, otel.span_kind, otel.scope
}

TEST_CASE("otlp: snake_case documents, old instrumentation libraries, events and links", "[otlp]") {
  const json doc = json::parse(R"({"resource_spans":[{"resource":{"attributes":[]},
    "instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"old-lib"},"spans":[
      {"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","name":"old",
       "kind":"SPAN_KIND_INTERNAL","start_time_unix_nano":"5","end_time_unix_nano":"6","trace_state":"k=v",
       "links":[{"traceId":"0AF7651916CD43DD8448EB211C80319D","spanId":"B7AD6B7169203332",
                 "attributes":[{"key":"link.kind","value":{"stringValue":"follows"}}]}]}]}]}]})");
  const auto sink = read_otlp(doc);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const json a = attrs(sink.spans[0]);
  CHECK(a["otel.scope"] == json::parse(R"({"name":"old-lib"})"));
  CHECK(a["otel.span_kind"] == "INTERNAL");
  CHECK(a["otel.trace_state"] == "k=v");
  CHECK(a["otel.links"] == json::parse(R"([{"trace_id":"0af7651916cd43dd8448eb211c80319d",
      "span_id":"b7ad6b7169203332","attributes":{"link.kind":"follows"}}])"));
}

TEST_CASE("otlp: files import end to end (document, JSONL of documents, ReadableSpan array)", "[otlp]") {
  Engine engine(":memory:");
  const auto import_text = [&](const std::string& name, const std::string& format, const std::string& text) {
    auto session = engine.begin_import({.file_name = name, .format = format});
    for (size_t i = 0; i < text.size(); i += 4096) session->feed(std::string_view(text).substr(i, 4096));
    return session->finish();
  };
  auto report = import_text("trace.json", "auto", read_fixture("opentelemetry-proto/trace.json"));
  CHECK(report.format == "otlp");
  CHECK(report.counts.imported == 1);
  CHECK(report.errors.empty());

  std::string jsonl;
  for (int i = 0; i < 3; ++i) {
    json span = span_json("000000000000001" + std::to_string(i));
    jsonl += document({span}).dump() + "\n";
  }
  report = import_text("spans.jsonl", "auto", jsonl);
  CHECK(report.format == "otlp");
  CHECK(report.counts.imported == 3);

  report = import_text("all-spans.json", "otlp", read_fixture("openinference-vercel-v6-spans/all-spans.json"));
  CHECK(report.errors.empty());
  CHECK(report.counts.imported == 10);
  CHECK(engine.count({}) == 14);

  // Importing the same document again changes nothing.
  report = import_text("trace.json", "auto", read_fixture("opentelemetry-proto/trace.json"));
  CHECK(report.counts.skipped == 1);
}

TEST_CASE("otlp: OTel-JS spans with a resource, parent, kind, events and errors", "[otlp]") {
  const json span = json::parse(R"({
    "name": "chat", "kind": 2,
    "spanContext": {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7"},
    "parentSpanContext": {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b6"},
    "startTime": [1700000000, 5], "endTime": [0, 0],
    "status": {"code": 2},
    "attributes": {"gen_ai.request.model": "claude-sonnet-4", "gen_ai.system": "anthropic"},
    "events": [{"name": "exception", "time": [1700000000, 6], "attributes": {"exception.message": "overloaded"}}],
    "resource": {"attributes": {"service.name": "agent", "deployment.environment": "dev"}},
    "instrumentationScope": {"name": "@opentelemetry/instrumentation-anthropic", "version": "0.1.0"}})");
  auto sink = read_otlp(span);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  const Span& s = sink.spans[0];
  CHECK(s.parent_span_id == std::optional<std::string>("00f067aa0ba902b6"));
  CHECK(s.started_ns == 1700000000000000005);
  CHECK_FALSE(s.ended_ns);
  CHECK(s.status == SpanStatus::failed);
  CHECK(s.error == std::optional<std::string>("overloaded"));
  CHECK(s.model == std::optional<std::string>("claude-sonnet-4"));
  CHECK(s.provider == std::optional<std::string>("anthropic"));
  CHECK(s.task == std::optional<std::string>("agent"));
  CHECK(s.environment == std::optional<std::string>("dev"));
  const json a = attrs(s);
  CHECK(a["otel.span_kind"] == "CLIENT");  // the JS enum: 2 is CLIENT
  CHECK(a["otel.scope"]["name"] == "@opentelemetry/instrumentation-anthropic");
  CHECK_FALSE(a.contains("otel.resource"));
  CHECK(a["otel.events"][0]["time"] == "2023-11-14T22:13:20.000000006Z");

  json bad = span;
  bad["spanContext"].erase("spanId");
  sink = read_otlp(bad);
  CHECK(sink.spans.empty());
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0] == "field 'spanContext.spanId': missing");
  bad = span;
  bad["startTime"] = "yesterday";
  sink = read_otlp(bad);
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0].rfind("field 'startTime': expected [seconds, nanoseconds]", 0) == 0);
}

}  // namespace test_otlp_reader
