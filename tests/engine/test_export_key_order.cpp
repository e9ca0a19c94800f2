// Import -> canonical messages -> openai-chat export, byte for byte: tool schemas and tool-call
// arguments whose keys are out of alphabetical order come out in the source's order, whichever
// import path read them (the first record of a file, the next lines, an array document, a
// pretty-printed document) and whichever reader (openai-chat, request/response).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/export/dataset_export.hpp"

#include "chat_lines.hpp"
#include "collecting_sink.hpp"
#include "engine/import/format_reader.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_export_key_order {

using namespace tracesift;
using nlohmann::json;

namespace {

// Imports `text` as the file `name`, puts every LLM call in a dataset and returns its openai-chat
// export's lines (each checked against the format's rules), sorted.
std::vector<std::string> exported(const std::string& name, const std::string& text) {
  Engine engine(":memory:");
  auto session = engine.begin_import({.file_name = name});
  session->feed(text);
  const auto report = session->finish();
  INFO((report.errors.empty() ? std::string() : report.errors[0].message));
  REQUIRE(report.errors.empty());
  REQUIRE(report.counts.imported > 0);
  engine.save_dataset(test::dataset_request(R"({"name":"d","type":"eval","filter":"kind:llm_call"})"));
  auto exp = engine.begin_export("d", "openai-chat");
  std::map<std::string, std::string> files;
  exporter::ExportPiece piece;
  while (exp->next(piece)) files[piece.file] += piece.bytes;
  auto lines = test::checked_chat_lines(files["d.openai-chat.jsonl"]);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// A tool schema whose keys are nowhere in alphabetical order (the order sorting would give is
// properties, required, type; unit's enum, type).
const std::string kSchema =
    R"({"type":"object","properties":{"unit":{"type":"string","enum":["c","f"]},"city":{"type":"string"}},)"
    R"("required":["city"]})";
// Arguments given as a JSON object, out of order too.
const std::string kArgs = R"({"unit":"c","city":"Paris"})";
// The arguments as the export writes them: a string holding the object's text, in source order.
const std::string kArgsText = R"("{\"unit\":\"c\",\"city\":\"Paris\"}")";

// One openai-chat record: the call's arguments as an object, tools and parallel_tool_calls.
std::string chat_record(const std::string& question) {
  return R"({"parallel_tool_calls":false,"messages":[{"role":"user","content":")" + question +
         R"("},{"role":"assistant","content":null,"tool_calls":[{"type":"function","id":"call_1","function":)"
         R"({"arguments":)" +
         kArgs +
         R"(,"name":"get_weather"}}]}],"tools":[{"type":"function","function":{"name":"get_weather",)"
         R"("description":"Weather now","parameters":)" +
         kSchema + "}}]}";
}

std::string chat_row(const std::string& question) {
  return R"({"messages":[{"role":"user","content":")" + question +
         R"("},{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather",)"
         R"("arguments":)" +
         kArgsText +
         R"(}}]}],"tools":[{"type":"function","function":{"name":"get_weather",)"
         R"("description":"Weather now","parameters":)" +
         kSchema + R"(}}],"parallel_tool_calls":false})";
}

// A logged Anthropic Messages call: `input_schema` with `description` after it, tool_use input
// as an object.
std::string anthropic_record(const std::string& id) {
  return R"({"request":{"model":"claude-sonnet-4-5","max_tokens":256,"tools":[{"name":"get_weather",)"
         R"("input_schema":)" +
         kSchema +
         R"(,"description":"Weather now"}],"messages":[{"role":"user","content":"Weather in Paris?"}]},)"
         R"("response":{"id":")" +
         id +
         R"(","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_reason":"tool_use",)"
         R"("content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":)" +
         kArgs + "}]}}";
}

std::string anthropic_row() {
  return R"({"messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","tool_calls":)"
         R"([{"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":)" +
         kArgsText + R"(}}]}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":)" + kSchema +
         R"(,"description":"Weather now"}}]})";
}

// A logged Chat Completions call: the request's tools and parallel_tool_calls.
const std::string kOpenAiRecord =
    R"({"request":{"parallel_tool_calls":true,"model":"gpt-4o","messages":[{"role":"user","content":"Weather?"}],)"
    R"("tools":[{"type":"function","function":{"parameters":)" +
    kSchema +
    R"(,"name":"get_weather"}}]},"response":{"id":"chatcmpl-1","object":"chat.completion","created":1735689600,)"
    R"("model":"gpt-4o","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",)"
    R"("content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather",)"
    R"("arguments":"{\"unit\":\"c\",\"city\":\"Paris\"}"}}]}}]}})";

const std::string kOpenAiRow =
    R"({"messages":[{"role":"user","content":"Weather?"},{"role":"assistant","tool_calls":[{"id":"call_1",)"
    R"("type":"function","function":{"name":"get_weather","arguments":"{\"unit\":\"c\",\"city\":\"Paris\"}"}}]}],)"
    R"("tools":[{"type":"function","function":{"parameters":)" +
    kSchema + R"(,"name":"get_weather"}}],"parallel_tool_calls":true})";

// `text` with a line break and indentation after every comma: a pretty-printed document.
std::string spread(const std::string& text) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == ',') out += "\n  ";
  }
  return out;
}

// A JSON value as an OTLP AnyValue: objects as kvlistValue (in their order), arrays as arrayValue.
json any_value(const nlohmann::ordered_json& v) {
  if (v.is_object()) {
    json values = json::array();
    for (const auto& [k, e] : v.items()) values.push_back({{"key", k}, {"value", any_value(e)}});
    return {{"kvlistValue", {{"values", values}}}};
  }
  if (v.is_array()) {
    json values = json::array();
    for (const auto& e : v) values.push_back(any_value(e));
    return {{"arrayValue", {{"values", values}}}};
  }
  if (v.is_string()) return {{"stringValue", v}};
  if (v.is_boolean()) return {{"boolValue", v}};
  if (v.is_number_integer()) return {{"intValue", std::to_string(v.get<int64_t>())}};
  return {{"doubleValue", v}};
}

// An OTLP document of one span with `attributes` (key -> AnyValue), in that order.
std::string otlp_span(const std::vector<std::pair<std::string, json>>& attributes,
                      const std::string& name = "chat gpt-4o") {
  json list = json::array();
  for (const auto& [k, v] : attributes) list.push_back({{"key", k}, {"value", v}});
  const json span = {{"traceId", "0af7651916cd43dd8448eb211c80319c"},
                     {"spanId", "b7ad6b7169203331"},
                     {"name", name},
                     {"kind", 3},
                     {"startTimeUnixNano", "1735689600000000000"},
                     {"endTimeUnixNano", "1735689601000000000"},
                     {"attributes", list}};
  return json{{"resourceSpans", {{{"scopeSpans", {{{"scope", {{"name", "t"}}}, {"spans", {span}}}}}}}}}.dump();
}

std::string fixture(const std::string& relative) {
  std::ifstream in(std::string(TRACESIFT_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("openai-chat import: tools and object arguments keep the source's key order through the export",
          "[export][openai-chat][key-order]") {
  const std::vector<std::string> expected{chat_row("A"), chat_row("B")};
  SECTION("JSONL: the first record (read by the session) and the next (read by the reader)") {
    CHECK(exported("chat.jsonl", chat_record("A") + "\n" + chat_record("B") + "\n") == expected);
  }
  SECTION("one array document") {
    CHECK(exported("chat.json", "[" + chat_record("A") + ",\n" + chat_record("B") + "]") == expected);
  }
  SECTION("a pretty-printed record") {
    CHECK(exported("chat.json", spread(chat_record("A"))) == std::vector<std::string>{chat_row("A")});
  }
}

TEST_CASE("request/response import: request tools and tool_use input keep the source's key order",
          "[export][openai-chat][key-order]") {
  SECTION("Anthropic Messages: input_schema and description where the source put them") {
    CHECK(exported("calls.jsonl", anthropic_record("msg_1") + "\n" + anthropic_record("msg_2") + "\n") ==
          std::vector<std::string>{anthropic_row(), anthropic_row()});
  }
  SECTION("OpenAI Chat Completions, in an array document, bodies kept as JSON text") {
    json record = json::parse(kOpenAiRecord);
    // A logger that stores the bodies as strings: the text keeps the order, not the sorted parse.
    const std::string text_bodies = R"({"request":)" +
                                    json(R"({"parallel_tool_calls":true,"model":"gpt-4o",)"
                                         R"("messages":[{"role":"user","content":"Weather?"}],)"
                                         R"("tools":[{"type":"function","function":{"parameters":)" +
                                         kSchema + R"(,"name":"get_weather"}}]})")
                                        .dump() +
                                    R"(,"response":)" + record["response"].dump() + "}";
    CHECK(exported("calls.json", "[" + kOpenAiRecord + "," + text_bodies + "]") ==
          std::vector<std::string>{kOpenAiRow});  // one span: the same response id
  }
}

// The GenAI messages and tool definitions of the OTLP and OTel-Python cases, each in an order no
// sorting gives, and the export's row of them.
const nlohmann::ordered_json kGenAiInput =
    nlohmann::ordered_json::parse(R"([{"role":"user","parts":[{"type":"text","content":"Weather?"}]}])");
const nlohmann::ordered_json kGenAiOutput = nlohmann::ordered_json::parse(
    R"([{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":)" + kArgs +
    "}]}]");
const nlohmann::ordered_json kGenAiTools = nlohmann::ordered_json::parse(
    R"([{"type":"function","name":"get_weather","description":"Weather now","parameters":)" + kSchema + "}]");
const std::string kGenAiRow =
    R"({"messages":[{"role":"user","content":"Weather?"},{"role":"assistant","tool_calls":[{"id":"call_1",)"
    R"("type":"function","function":{"name":"get_weather","arguments":)" +
    kArgsText +
    R"(}}]}],"tools":[{"type":"function","function":{"name":"get_weather",)"
    R"("description":"Weather now","parameters":)" +
    kSchema + "}}]}";

TEST_CASE("OTLP import: kvlistValue attributes keep their list order (tool definitions, call arguments)",
          "[export][openai-chat][key-order][otlp]") {
  const std::string text = otlp_span({{"gen_ai.operation.name", {{"stringValue", "chat"}}},
                                      {"gen_ai.request.model", {{"stringValue", "gpt-4o"}}},
                                      {"gen_ai.input.messages", any_value(kGenAiInput)},
                                      {"gen_ai.output.messages", any_value(kGenAiOutput)},
                                      {"gen_ai.tool.definitions", any_value(kGenAiTools)}});
  CHECK(exported("otlp.json", text) == std::vector<std::string>{kGenAiRow});
}

TEST_CASE("OTLP log records: a kvlistValue body keeps its list order (per-message events)",
          "[export][openai-chat][key-order][otlp]") {
  using oj = nlohmann::ordered_json;
  // The older per-message convention: the messages are log records linked to the span, each body
  // a kvlistValue (the call's arguments one too).
  const oj choice = oj::parse(R"({"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",)"
                              R"("tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather",)"
                              R"("arguments":)" +
                              kArgs + "}}]}}");
  json doc = json::parse(otlp_span(
      {{"gen_ai.request.model", {{"stringValue", "gpt-4o"}}}, {"gen_ai.tool.definitions", any_value(kGenAiTools)}}));
  const auto log = [](const std::string& event, const json& body) {
    return json{{"traceId", "0af7651916cd43dd8448eb211c80319c"},
                {"spanId", "b7ad6b7169203331"},
                {"timeUnixNano", "1735689600500000000"},
                {"eventName", event},
                {"body", body}};
  };
  doc["resourceLogs"] = {{{"scopeLogs",
                           {{{"logRecords",
                              {log("gen_ai.user.message", any_value(oj{{"content", "Weather?"}})),
                               log("gen_ai.choice", any_value(choice))}}}}}}};
  CHECK(exported("otlp.json", doc.dump()) == std::vector<std::string>{kGenAiRow});
}

TEST_CASE("OTel-Python span JSON: attributes keep their source order (nested objects, JSON text)",
          "[export][openai-chat][key-order][otel-python]") {
  using oj = nlohmann::ordered_json;
  // The console exporter's and Phoenix's shape: messages as JSON text, nested attribute objects.
  oj span = oj::object();
  span["name"] = "chat gpt-4o";
  span["context"] = {{"trace_id", "0x0af7651916cd43dd8448eb211c80319c"}, {"span_id", "0xb7ad6b7169203331"}};
  span["kind"] = "SpanKind.CLIENT";
  span["parent_id"] = nullptr;
  span["start_time"] = "2025-01-01T00:00:00.000000Z";
  span["end_time"] = "2025-01-01T00:00:01.000000Z";
  span["status"] = {{"status_code", "UNSET"}};
  span["attributes"] = oj::object();
  span["attributes"]["gen_ai.operation.name"] = "chat";
  span["attributes"]["gen_ai.request.model"] = "gpt-4o";
  span["attributes"]["gen_ai.input.messages"] = kGenAiInput.dump();
  span["attributes"]["gen_ai.output.messages"] = kGenAiOutput.dump();
  span["attributes"]["gen_ai.tool.definitions"] = kGenAiTools.dump();
  span["attributes"]["app"] = oj::parse(R"({"zone":"eu","account":{"tier":"pro","id":7}})");
  span["events"] = oj::array();
  span["resource"] = {{"attributes", {{"service.name", "app"}}}, {"schema_url", ""}};
  CHECK(exported("spans.json", span.dump(4)) == std::vector<std::string>{kGenAiRow});

  test::CollectingSpanSink sink;
  import::make_format_reader("otel-python")->read_value(span, {"spans.json", 1, 0}, sink);
  REQUIRE(sink.spans.size() == 1);
  INFO(sink.spans[0].attributes_json);
  CHECK(sink.spans[0].attributes_json.find(R"("app.zone":"eu","app.account.tier":"pro","app.account.id":7)") !=
        std::string::npos);
}

TEST_CASE("Google ADK llm_request: Gemini function_call args keep the source's key order",
          "[export][openai-chat][key-order][otlp]") {
  const std::string request =
      R"({"model":"gemini-2.5-flash","config":{"system_instruction":"Be brief."},"contents":[)"
      R"({"role":"user","parts":[{"text":"Weather?"}]},)"
      R"({"role":"model","parts":[{"function_call":{"args":)" +
      kArgs +
      R"(,"name":"get_weather","id":null}}]},)"
      R"({"role":"user","parts":[{"function_response":{"name":"get_weather","response":{"temp":21,"sky":"clear"}}}]}]})";
  const std::string response = R"({"content":{"role":"model","parts":[{"text":"Sunny."}]},"finish_reason":"STOP"})";
  const auto lines = exported("adk.json", otlp_span({{"gen_ai.request.model", {{"stringValue", "gemini-2.5-flash"}}},
                                                     {"gcp.vertex.agent.llm_request", {{"stringValue", request}}},
                                                     {"gcp.vertex.agent.llm_response", {{"stringValue", response}}}},
                                                    "call_llm"));
  REQUIRE(lines.size() == 1);
  INFO(lines[0]);
  CHECK(lines[0].find(R"("function":{"name":"get_weather","arguments":)" + kArgsText + "}") != std::string::npos);
  CHECK(lines[0].find(R"("content":"{\"temp\":21,\"sky\":\"clear\"}")") != std::string::npos);
}

TEST_CASE("Langfuse import: JSON text and JSON values keep their key order (tools in input, metadata)",
          "[export][openai-chat][key-order][langfuse]") {
  // An observation whose input is a Chat Completions body as JSON text, tools out of order.
  const std::string body = R"({"model":"gpt-4o","messages":[{"role":"user","content":"Weather?"}],"tools":[)"
                           R"({"type":"function","function":{"parameters":)" +
                           kSchema + R"(,"name":"get_weather"}}]})";
  const json observation = {{"id", "o1"},
                            {"traceId", "t1"},
                            {"type", "GENERATION"},
                            {"name", "chat"},
                            {"startTime", "2025-06-06T11:31:33.965Z"},
                            {"endTime", "2025-06-06T11:31:34.965Z"},
                            {"input", body}};
  // The output as a JSON value: the record's own key order (not the sorted parse's).
  const std::string record = observation.dump().substr(0, observation.dump().size() - 1) +
                             R"(,"output":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1",)"
                             R"("type":"function","function":{"name":"get_weather","arguments":)" +
                             kArgs + "}}]}}";
  CHECK(exported("langfuse.jsonl", record + "\n") ==
        std::vector<std::string>{
            R"({"messages":[{"role":"user","content":"Weather?"},{"role":"assistant","tool_calls":[{"id":"call_1",)"
            R"("type":"function","function":{"name":"get_weather","arguments":)" +
            kArgsText + R"(}}]}],"tools":[{"type":"function","function":{"parameters":)" + kSchema +
            R"(,"name":"get_weather"}}]})"});
}

TEST_CASE("real: pydantic-ai tool definitions through Langfuse keep the source's order in the export",
          "[export][openai-chat][key-order][real]") {
  const std::string file = "langfuse-framework-traces/pydantic-ai-tools-2025-12-04.trace.json";
  const std::string text = fixture(file);
  // Each tool definition as the export must write it: the source's fields in the source's order
  // (pydantic-ai: name, parameters_json_schema, description, ..., strict; alphabetical would put
  // description first), the schema's keys as written (additionalProperties last in final_result's).
  const auto definition = [](const nlohmann::ordered_json& tool) {
    std::string fields;
    for (const auto& [k, v] : tool.items()) {
      const std::string key = k == "parameters_json_schema" ? "parameters" : k;
      if ((key != "name" && key != "parameters" && key != "description" && key != "strict") || v.is_null()) continue;
      fields += (fields.empty() ? "\"" : ",\"") + key + "\":" + v.dump();
    }
    return R"({"type":"function","function":{)" + fields + "}}";
  };
  const auto source = nlohmann::ordered_json::parse(text);
  std::vector<std::string> expected;  // the tools array of each generation
  for (const auto& o : source["observations"]) {
    if (o["type"] != "GENERATION") continue;
    const auto& mrp = o["metadata"]["attributes"]["model_request_parameters"];
    std::string tools;
    for (const char* list : {"function_tools", "output_tools"}) {
      for (const auto& tool : mrp[list]) tools += (tools.empty() ? "" : ",") + definition(tool);
    }
    expected.push_back(R"("tools":[)" + tools + "]");
  }
  REQUIRE(expected.size() == 4);
  CHECK(expected[0].find(R"("name":"get_pun_suggestion","parameters":{)") != std::string::npos);
  CHECK(expected[0].find(R"(},"description":"Get a pun-style joke suggestion)") != std::string::npos);
  const auto lines = exported(file, text);
  REQUIRE(lines.size() == 4);
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(std::count_if(expected.begin(), expected.end(),
                        [&](const std::string& tools) { return line.find(tools) != std::string::npos; }) >= 1);
  }
  // The critic's schema has additionalProperties after type, as pydantic wrote it.
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& line) {
          return line.find(R"("type":"object","additionalProperties":false},"description":"The final response)") !=
                 std::string::npos;
        }) == 1);
}

}  // namespace test_export_key_order
