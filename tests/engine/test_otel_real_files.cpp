// Real OpenTelemetry exports of other projects (tests/fixtures/real/PROVENANCE.md): the OpenInference
// console-exporter capture (OpenTelemetry Python span JSON among stdout lines), promptflow's sample
// trace (the same span JSON in an array, every span twice) and Google ADK
// recordings whose messages are in log records (operation details, per-message events, and the
// google-genai instrumentation's events). Each asserts the mapped fields and the openai-chat yield.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/export/openai_chat.hpp"
#include "engine/import/format_reader.hpp"
#include "engine/messages/messages.hpp"

#include "collecting_sink.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_otel_real_files {

using namespace tracesift;
using nlohmann::json;

namespace {

std::string fixture_text(const std::string& relative) {
  std::ifstream in(std::string(TRACESIFT_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The spans of one OTLP document, through the reader.
std::vector<Span> read_otlp_file(const std::string& relative) {
  test::CollectingSpanSink sink;
  const auto reader = import::make_format_reader("otlp");
  reader->read_value(json::parse(fixture_text(relative)), {relative, 1, 0}, sink);
  CHECK(sink.errors.empty());
  return sink.spans;
}

const Span& named(const std::vector<Span>& spans, const std::string& name) {
  for (const Span& s : spans) {
    if (s.name == name) return s;
  }
  FAIL("no span named " << name);
  throw;
}

json parsed(const std::optional<std::string>& text) {
  REQUIRE(text);
  return json::parse(*text);
}

// The report of importing `text` as one file named `file_name` into a fresh database.
tracesift::import::ImportReport import_text(const std::string& text, const std::string& file_name) {
  Engine engine(":memory:");
  auto session = engine.begin_import({.file_name = file_name});
  session->feed(text);
  return session->finish();
}

// The openai-chat yield: completed LLM generations, and the rows the export accepts of them.
struct Yield {
  int generations = 0;
  int64_t rows = 0;
  std::vector<std::string> rejected;  // "<span id>: <reason>"
};

Yield openai_chat_yield(const std::vector<Span>& spans) {
  exporter::OpenAiChatWriter writer;
  exporter::StringSink sink;
  writer.begin(sink);
  Yield y;
  std::vector<std::optional<std::string>> tools;
  tools.reserve(spans.size());
  for (const Span& s : spans) {
    if (s.kind != SpanKind::llm_call || s.status != SpanStatus::completed) continue;
    ++y.generations;
    exporter::ExportRow r;
    r.id = y.generations;
    r.dataset = "yield";
    r.span_id = s.span_id;
    r.source = "filter";
    if (s.input_json) r.input_json = *s.input_json;
    if (s.output_json) r.output_json = *s.output_json;
    tools.push_back(exporter::find_tool_definitions(s.attributes_json));
    if (tools.back()) r.tools_json = *tools.back();
    writer.row(r);
  }
  writer.end();
  y.rows = writer.rows_written();
  for (const auto& rej : writer.rejected()) y.rejected.push_back(rej.reason);
  return y;
}

// The model call of the ADK scenario S1 (one turn, a canned reply), whichever mode recorded it.
void check_adk_s1_call(const Span& gen) {
  CHECK(gen.kind == SpanKind::llm_call);
  CHECK(gen.model == std::optional<std::string>("gemini-2.5-flash"));
  CHECK(gen.input_tokens == std::optional<int64_t>(12));
  CHECK(gen.output_tokens == std::optional<int64_t>(9));
  CHECK(parsed(gen.input_json) ==
        json::parse(R"([{"role":"system","content":"You are a helpful assistant.\n\nYou are an agent. )"
                    R"(Your internal name is \"assistant\"."},{"role":"user","content":"Hello, who are you?"}])"));
  CHECK(parsed(gen.output_json) ==
        json::parse(R"([{"role":"assistant","content":"I am a helpful assistant built with ADK."}])"));
}

}  // namespace

TEST_CASE("real: OpenInference console exporter output (Python span JSON among text lines)", "[real][otel-python]") {
  const std::string text = fixture_text("openinference-console-exporter/out.json");
  const auto report = import_text(text, "out.json");
  CHECK(report.format == "otel-python");
  CHECK(report.counts.read == 2);
  CHECK(report.counts.imported == 2);
  CHECK(report.errors.empty());  // SYNC, ASYNC, ctx=..., DONE: stdout between the spans, skipped

  // The same spans through the reader, element by element, for the mapped fields.
  std::vector<Span> spans;
  test::CollectingSpanSink sink;
  const auto reader = import::make_format_reader("otel-python");
  for (const char* id : {"126e46b0568ab38c", "728a10b6c1afa1c2"}) {
    const size_t at = text.find(id);
    REQUIRE(at != std::string::npos);
    const size_t open = text.rfind("\n{\n", at) + 1;
    const size_t close = text.find("\n}\n", at) + 2;
    reader->read_value(json::parse(text.substr(open, close - open)), {"out.json", 1, 0}, sink);
  }
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 2);
  const Span& s = sink.spans[0];
  CHECK(s.trace_id == "160cb466f2d2afeff4d545250f65282c");
  CHECK(s.name == "ChatCompletion");
  CHECK(s.kind == SpanKind::llm_call);
  CHECK(s.status == SpanStatus::completed);
  CHECK(s.model == std::optional<std::string>("gpt-3.5-turbo-0125"));
  CHECK(s.input_tokens == std::optional<int64_t>(12));
  CHECK(s.output_tokens == std::optional<int64_t>(19));
  CHECK(s.session_id == std::optional<std::string>("test-session"));
  CHECK(s.user_id == std::optional<std::string>("kiko"));
  CHECK_FALSE(s.task);  // service.name is the SDK's unknown_service
  CHECK(s.started_ns == 1714588894721392000);
  CHECK(parsed(s.input_json) == json::parse(R"([{"role":"user","content":"Write a haiku."}])"));
  CHECK(
      parsed(s.output_json) ==
      json::parse(
          R"([{"role":"assistant","content":"Blossoms dance in wind\nPetals fall like tears from sky\nNature's gentle grace"}])"));
  CHECK(sink.spans[1].output_tokens == std::optional<int64_t>(16));

  const Yield y = openai_chat_yield(sink.spans);
  CHECK(y.generations == 2);
  CHECK(y.rows == 2);
  CHECK(y.rejected.empty());
}

TEST_CASE("real: Phoenix's reference spans (LlamaIndex RAG: an LLM call and a retriever, pretty-printed)",
          "[real][otel-python]") {
  const std::string text = fixture_text("phoenix-docs-llamaindex-spans/spans.json");
  const auto report = import_text(text, "spans.json");
  CHECK(report.format == "otel-python");
  CHECK(report.counts.read == 2);
  CHECK(report.counts.imported == 2);
  CHECK(report.errors.empty());

  test::CollectingSpanSink sink;
  const auto reader = import::make_format_reader("otel-python");
  const size_t second = text.find("\n{", 1) + 1;
  reader->read_value(json::parse(text.substr(0, second)), {"spans.json", 1, 0}, sink);
  reader->read_value(json::parse(text.substr(second)), {"spans.json", 1, 0}, sink);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 2);
  const Span& llm = sink.spans[0];
  CHECK(llm.trace_id == "6c80880dbeb609e2ed41e06a6397a0dd");
  CHECK(llm.parent_span_id == std::optional<std::string>("7eb5df0046c77cd2"));
  CHECK(llm.kind == SpanKind::llm_call);
  CHECK(llm.status == SpanStatus::completed);
  CHECK(llm.model == std::optional<std::string>("gpt-4-turbo-preview"));
  CHECK(llm.started_ns == 1715204771480777000);
  const json input = parsed(llm.input_json);
  REQUIRE(input.size() == 2);
  CHECK(input[0]["role"] == "system");
  CHECK(input[0]["content"].get<std::string>().find("Domestic Mail Manual \u2022 Updated 7-9-23101") !=
        std::string::npos);
  CHECK(input[1] == json::parse(R"({"role":"user","content":"Hello"})"));
  // output.value is the reply as text: the assistant's message.
  CHECK(parsed(llm.output_json) == json::parse(R"([{"role":"assistant","content":"How are you?"}])"));
  CHECK(parsed(llm.attributes_json)["llm.invocation_parameters"] ==
        R"({"temperature": 0.1, "model": "gpt-4-turbo-preview"})");

  const Span& retrieve = sink.spans[1];
  CHECK(retrieve.kind == SpanKind::retrieval);
  CHECK(parsed(retrieve.input_json) == "tell me about postal service");
  CHECK(parsed(retrieve.attributes_json)["retrieval.documents.2.document.score"] == 0.7647611816897794);

  const Yield y = openai_chat_yield(sink.spans);
  CHECK(y.generations == 1);
  CHECK(y.rows == 1);
  CHECK(y.rejected.empty());
}

TEST_CASE("real: promptflow's sample trace (Python span JSON in an array, every span twice)", "[real][otel-python]") {
  const std::string text = fixture_text("promptflow-sample-trace/sample_trace.json");
  const auto report = import_text(text, "sample_trace.json");
  CHECK(report.format == "otel-python");
  CHECK(report.counts.read == 10);
  CHECK(report.counts.imported == 5);
  CHECK(report.counts.skipped == 5);  // each span's second record: identical to what was stored
  CHECK(report.errors.empty());

  // The same records through the reader, element by element.
  test::CollectingSpanSink sink;
  const auto reader = import::make_format_reader("otel-python");
  const json records = json::parse(text);
  REQUIRE(records.size() == 10);
  for (const json& record : records) reader->read_value(record, {"sample_trace.json", 1, 0}, sink);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 10);
  // Each span was written twice, byte for byte the same: the two records map to the same span.
  for (size_t i = 0; i < 10; i += 2) CHECK(sink.spans[i] == sink.spans[i + 1]);

  const Span& flow = named(sink.spans, "default_flow");
  CHECK(flow.span_id == "f09c89946a6f4407");
  CHECK(flow.trace_id == "a683fa95b951b6c15254b70795a0949b");
  CHECK_FALSE(flow.parent_span_id);
  CHECK(flow.started_ns == 1704263544793260000);
  CHECK(flow.ended_ns == std::optional<int64_t>(1704263546306518000));
  CHECK_FALSE(flow.task);  // service.name is the SDK's unknown_service
  CHECK_FALSE(flow.input_json);
  CHECK_FALSE(flow.output_json);

  const Span& tool = named(sink.spans, "greetings");
  CHECK(tool.span_id == "f78de1d6048d7a4c");
  CHECK(tool.parent_span_id == std::optional<std::string>("f09c89946a6f4407"));
  CHECK(json::parse(tool.attributes_json).at("span_type") == "Tool");
  const Span& function = named(sink.spans, "get_user_name");
  CHECK(function.parent_span_id == std::optional<std::string>("f09c89946a6f4407"));
  CHECK(json::parse(function.attributes_json).at("span_type") == "Function");
  for (const Span& s : sink.spans) {
    CHECK(s.trace_id == flow.trace_id);
    CHECK(s.kind == SpanKind::custom);         // promptflow's functions and tool: no model call
    CHECK(s.status == SpanStatus::completed);  // UNSET with an end time
  }

  // No model call, so nothing for a training set.
  const Yield y = openai_chat_yield(sink.spans);
  CHECK(y.generations == 0);
  CHECK(y.rows == 0);
}

TEST_CASE("real: Google ADK, current GenAI convention (operation details in a log record)", "[real][otel-events]") {
  const auto spans = read_otlp_file("agentevals-adk-otlp/v2_event_only/S1.json");
  REQUIRE(spans.size() == 4);
  const Span& gen = named(spans, "generate_content gemini-2.5-flash");
  check_adk_s1_call(gen);
  CHECK(gen.session_id == std::optional<std::string>("sess-S1-v2_event_only"));
  // The log record keeps what the messages do not hold; its message keys are gone.
  const json events = json::parse(gen.attributes_json)["otel.events"];
  REQUIRE(events.size() == 1);
  CHECK(events[0]["name"] == "gen_ai.client.inference.operation.details");
  CHECK(events[0]["attributes"]["user.id"] == "user-1");
  for (const char* gone : {"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions"}) {
    CHECK_FALSE(events[0]["attributes"].contains(gone));
  }
  // ADK's call_llm wrapper holds the same call as Gemini request/response JSON in its own
  // attributes, which stay (they hold the request's configuration too).
  const Span& call = named(spans, "call_llm");
  CHECK(call.kind == SpanKind::llm_call);
  CHECK(parsed(call.input_json) == parsed(gen.input_json));
  CHECK(parsed(call.output_json) == parsed(gen.output_json));
  CHECK(json::parse(call.attributes_json).contains("gcp.vertex.agent.llm_request"));
  const Yield y = openai_chat_yield(spans);
  CHECK(y.generations == 2);
  CHECK(y.rows == 2);
  CHECK(y.rejected.empty());
}

TEST_CASE("real: Google ADK, older per-message events in log records", "[real][otel-events]") {
  for (const char* file :
       {"agentevals-adk-otlp/v1_event_stable/S1.json", "agentevals-adk-otlp/v1_event_stable_contrib/S1.json"}) {
    INFO(file);
    const auto spans = read_otlp_file(file);
    REQUIRE(spans.size() == 4);
    const Span& gen = named(spans, "generate_content gemini-2.5-flash");
    check_adk_s1_call(gen);
    CHECK(gen.provider == std::optional<std::string>("gemini"));
    // gen_ai.system and the choice's finish_reason are not message keys: they stay on the events.
    const json events = json::parse(gen.attributes_json)["otel.events"];
    REQUIRE(events.size() == 3);
    CHECK(events[0]["attributes"]["gen_ai.system"] == "gemini");
    CHECK_FALSE(events[0].contains("body"));
    CHECK(events[2]["name"] == "gen_ai.choice");
    CHECK(events[2]["body"] == json{{"finish_reason", "STOP"}});
    const Yield y = openai_chat_yield(spans);
    CHECK(y.generations == 2);
    CHECK(y.rows == 2);
    CHECK(y.rejected.empty());
  }
}

TEST_CASE("real: Google ADK with two tools (operation details with tool calls; Gemini calls without ids)",
          "[real][otel-events]") {
  const auto spans = read_otlp_file("agentevals-adk-otlp/v2_event_only/S2.json");
  REQUIRE(spans.size() == 10);
  int llm = 0, tools = 0;
  for (const Span& s : spans) {
    llm += s.kind == SpanKind::llm_call;
    tools += s.kind == SpanKind::tool;
  }
  CHECK(llm == 6);  // three generate_content spans, and ADK's call_llm around each
  CHECK(tools == 2);
  std::vector<const Span*> generate;
  for (const Span& s : spans) {
    if (s.name == "generate_content gemini-2.5-flash") generate.push_back(&s);
  }
  REQUIRE(generate.size() == 3);
  const json sys = {
      {"role", "system"},
      {"content",
       "Answer weather questions using tools.\n\nYou are an agent. Your internal name is \"weather_agent\"."}};
  const json first_out = parsed(generate[0]->output_json);
  REQUIRE(first_out.size() == 1);
  CHECK(first_out[0]["content"] == "Let me look that up.");
  CHECK(
      first_out[0]["tool_calls"][0] ==
      json::parse(
          R"({"id":"get_weather_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}})"));
  const json last_in = parsed(generate[2]->input_json);
  REQUIRE(last_in.size() == 6);
  CHECK(last_in[0] == sys);
  CHECK(last_in[1] == json{{"role", "user"}, {"content", "What is the weather and local time in Paris?"}});
  CHECK(last_in[2]["tool_calls"][0]["function"]["name"] == "get_weather");
  // ADK's own ids, except that the result of call get_weather_1 says get_weather_0, a call the
  // conversation never made: it answers the one pending call (docs/FORMAT.md, "Ids").
  CHECK(last_in[3]["role"] == "tool");
  CHECK(last_in[3]["tool_call_id"] == "get_weather_1");
  CHECK(json::parse(last_in[3]["content"].get<std::string>()) ==
        json{{"city", "Paris"}, {"forecast", "sunny"}, {"temp_c", 21}});
  CHECK(last_in[4]["tool_calls"][0]["id"] == "get_time_0");
  CHECK(last_in[5]["tool_call_id"] == "get_time_0");
  CHECK(parsed(generate[2]->output_json) ==
        json::parse(R"([{"role":"assistant","content":"It is sunny and 21C in Paris; local time is 14:05."}])"));
  CHECK(generate[2]->input_tokens == std::optional<int64_t>(60));
  CHECK(generate[2]->output_tokens == std::optional<int64_t>(14));
  // The operation details' tool definitions (an arrayValue of kvlistValues, kept in the span's
  // events) in the recorder's order: name, description, parameters, type; alphabetical would put
  // description first.
  CHECK(generate[0]->attributes_json.find(
            R"("gen_ai.tool.definitions":[{"name":"get_weather","description":"Returns the current weather for a )"
            R"(city.","parameters":{"properties":{"city":{"title":"City","type":"string"}},"required":["city"],)"
            R"("title":"get_weatherParams","type":"object"},"type":"function"},{"name":"get_time",)") !=
        std::string::npos);

  // The last call_llm: the same conversation from the Gemini request, whose calls carry no ids.
  const Span& last_call = named(spans, "call_llm");  // the first in the file: the first call
  const json call_in = parsed(last_call.input_json);
  REQUIRE(call_in.size() == 2);
  CHECK(call_in[0] == sys);
  const json call_out = parsed(last_call.output_json);
  REQUIRE(call_out.size() == 1);
  CHECK(call_out[0]["content"] == "Let me look that up.");
  CHECK(call_out[0]["tool_calls"][0]["function"]["name"] == "get_weather");
  CHECK(call_out[0]["tool_calls"][0]["function"]["arguments"] == R"({"city":"Paris"})");
  // The Gemini call carries no id: the canonical message module gives it a deterministic one.
  CHECK(call_out[0]["tool_calls"][0]["id"] == messages::generated_call_id("get_weather", 0));
  // Its tools: the Gemini request's function declarations, with their schemas in the source's
  // key order (gen_ai.tool.definitions holds them without parameters).
  const auto call_tools = exporter::find_tool_definitions(last_call.attributes_json);
  REQUIRE(call_tools);
  CHECK(
      call_tools->rfind(
          R"([{"type":"function","function":{"description":"Returns the current weather for a city.","name":"get_weather",)"
          R"("parameters":{"properties":{"city":{"title":"City","type":"string"}},"required":["city"],"title":"get_weatherParams",)"
          R"("type":"object"}}},{"type":"function","function":{"description":"Returns the current local time for a city.",)",
          0) == 0);

  // Rows: all six. The three call_llm spans' id-less Gemini calls get generated ids, their results
  // paired by name; in the last two generate_content spans the result ADK numbered get_weather_0
  // answers the pending call get_weather_1.
  const Yield y = openai_chat_yield(spans);
  CHECK(y.generations == 6);
  CHECK(y.rows == 6);
  CHECK(y.rejected == std::vector<std::string>{});
}

}  // namespace test_otel_real_files
