// The openai-chat export on canonical messages (docs/FORMAT.md): reasoning parts left out and
// noted (kept by jsonl), tool calls without tool definitions noted, parallel_tool_calls carried
// from the request, and tool schemas and arguments written with the source's bytes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "chat_lines.hpp"
#include "engine/export/jsonl_writer.hpp"
#include "engine/export/openai_chat.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_export_openai_chat_source {

using namespace tracesift::exporter;
using nlohmann::json;

namespace {

struct Row {
  int64_t id = 1;
  std::string input, output;
  std::optional<std::string> tools;
  std::optional<bool> parallel;

  ExportRow view() const {
    ExportRow r;
    r.id = id;
    r.dataset = "d";
    r.source = "filter";
    r.input_json = input;
    r.output_json = output;
    if (tools) r.tools_json = *tools;
    r.parallel_tool_calls = parallel;
    return r;
  }
};

struct Exported {
  std::vector<std::string> lines;
  std::vector<Rejection> rejected;
  ConversionNotes notes;
};

// Exports the rows; every line written must keep the format's rules.
Exported export_rows(const std::vector<Row>& rows) {
  OpenAiChatWriter writer;
  StringSink sink;
  writer.begin(sink);
  for (const Row& r : rows) writer.row(r.view());
  writer.end();
  Exported e;
  e.lines = tracesift::test::checked_chat_lines(sink.text);
  e.rejected = writer.rejected();
  e.notes = writer.notes();
  return e;
}

std::string one_line(const Row& row) {
  const Exported e = export_rows({row});
  if (!e.rejected.empty()) FAIL("rejected: " << e.rejected.front().reason);
  REQUIRE(e.lines.size() == 1);
  return e.lines[0];
}

const std::string kUser = R"([{"role":"user","content":"What is 17 times 3?"}])";

// A JSON string literal holding `text` (how OTel attributes keep JSON).
std::string quoted(const std::string& text) {
  return json(text).dump();
}

// A schema whose keys are out of alphabetical order, with unicode escapes (a surrogate pair
// included), an escaped slash and numbers as written (1.0, 1e3, -0.5E-2): a re-serialiser would
// change each of them.
const std::string kSchema =
    R"({"type":"object","properties":{"zeta":{"type":"number","default":1.0,"maximum":1e3,"minimum":-0.5E-2},)"
    R"("alpha":{"type":"string","description":"caf\u00e9 \ud83d\ude00 a\/b"}},"required":["zeta","alpha"],)"
    R"("additionalProperties":false})";
// The same schema as Python's json.dumps writes it (a space after , and :), as OpenInference keeps it.
const std::string kSchemaSpaced =
    R"({"type": "object", "properties": {"zeta": {"type": "number", "default": 1.0, "maximum": 1e3, "minimum": -0.5E-2}, )"
    R"("alpha": {"type": "string", "description": "caf\u00e9 \ud83d\ude00 a\/b"}}, "required": ["zeta", "alpha"], )"
    R"("additionalProperties": false})";

std::string expected_tools(const std::string& fields) {
  return R"([{"type":"function","function":{)" + fields + "}}]";
}

}  // namespace

TEST_CASE("openai-chat: reasoning parts are left out, the row still exports, and the row is noted",
          "[export][openai-chat]") {
  const std::string thinking = R"({"type":"reasoning","text":"17*3: 10*3 + 7*3 = 51"})";
  const std::string redacted = R"({"type":"reasoning","text":"","redacted":true})";
  SECTION("reasoning then text: the content becomes the text alone, a string") {
    const std::string line =
        one_line({1, kUser, R"([{"role":"assistant","content":[)" + thinking + R"(,{"type":"text","text":"51"}]}])"});
    CHECK(line ==
          R"({"messages":[{"role":"user","content":"What is 17 times 3?"},{"role":"assistant","content":"51"}]})");
  }
  SECTION("text parts around a redacted (opaque) reasoning part are joined; nothing of it is written") {
    const std::string line = one_line({1, kUser,
                                       R"([{"role":"assistant","content":[{"type":"text","text":"a"},)" + redacted +
                                           R"(,{"type":"text","text":"b"}]}])"});
    CHECK(json::parse(line)["messages"][1] == json{{"role", "assistant"}, {"content", "a\nb"}});
    CHECK(line.find("redacted") == std::string::npos);
  }
  SECTION("an assistant message with only reasoning and tool calls keeps its calls, without content") {
    const std::string line = one_line(
        {1, kUser,
         R"([{"role":"assistant","content":[)" + thinking +
             R"(],"tool_calls":[{"id":"call_1","type":"function","function":{"name":"multiply","arguments":"{\"a\":17,\"b\":3}"}}]},)"
             R"({"role":"tool","content":"51","tool_call_id":"call_1"},{"role":"assistant","content":"51"}])"});
    const json messages = json::parse(line)["messages"];
    CHECK(!messages[1].contains("content"));
    CHECK(messages[1]["tool_calls"][0]["function"]["name"] == "multiply");
    CHECK(line.find("10*3") == std::string::npos);
  }
  SECTION("Anthropic thinking blocks as older imports stored them count as reasoning too") {
    const std::string line = one_line(
        {1, kUser,
         R"([{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"EqQBCgIYAhIM"},{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3p"},{"type":"text","text":"51"}]}])"});
    CHECK(json::parse(line)["messages"][1]["content"] == "51");
    CHECK(line.find("EqQB") == std::string::npos);
    CHECK(line.find("Emw") == std::string::npos);
  }
  SECTION("only reasoning, and nothing else to train on, is a rejection that says why") {
    const Exported e = export_rows({{4, kUser, R"([{"role":"assistant","content":[)" + thinking + "]}]"}});
    REQUIRE(e.rejected.size() == 1);
    CHECK(e.rejected[0].reason ==
          "output[0] is an assistant message with only reasoning, neither text nor tool calls (the OpenAI chat "
          "fine-tuning format has no place for reasoning)");
    CHECK(e.notes.reasoning_dropped.count() == 0);  // a rejected row is not noted
    const Exported u = export_rows({{5, R"([{"role":"user","content":[)" + thinking + "]}]", R"("ok")"}});
    REQUIRE(u.rejected.size() == 1);
    CHECK(u.rejected[0].reason ==
          "input[0] (user) has only reasoning, no text (the OpenAI chat fine-tuning format has no place for "
          "reasoning)");
  }
  SECTION("the writer notes exactly the rows whose reasoning it left out") {
    const Exported e = export_rows({
        {1, kUser, R"([{"role":"assistant","content":"51"}])"},
        {2, kUser, R"([{"role":"assistant","content":[)" + thinking + R"(,{"type":"text","text":"51"}]}])"},
        {3, kUser, R"([{"role":"assistant","content":[)" + redacted + R"(,{"type":"text","text":"51"}]}])"},
    });
    CHECK(e.lines.size() == 3);
    CHECK(e.notes.reasoning_dropped.count() == 2);
    CHECK(e.notes.reasoning_dropped.listed() == std::vector<int64_t>{2, 3});
    CHECK(e.notes.calls_without_tools.count() == 0);
  }
}

TEST_CASE("jsonl keeps reasoning parts as stored, redacted ones included", "[export][jsonl]") {
  const std::string output =
      R"([{"role":"assistant","content":[{"type":"reasoning","text":"17*3 = 51"},{"type":"reasoning","text":"","redacted":true},{"type":"text","text":"51"}]}])";
  JsonlWriter writer;
  StringSink sink;
  writer.begin(sink);
  writer.row(Row{1, kUser, output}.view());
  writer.end();
  CHECK(sink.text.find(R"("output":)" + output + ",") != std::string::npos);
  CHECK(writer.notes().reasoning_dropped.count() == 0);
}

TEST_CASE("openai-chat: rows with tool calls and no tool definitions are exported and noted", "[export][openai-chat]") {
  const std::string calls =
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"multiply","arguments":"{}"}}]}])";
  const std::string tools = R"([{"type":"function","function":{"name":"multiply"}}])";
  const Exported e = export_rows({
      {1, kUser, calls},                                       // calls, no tools: noted
      {2, kUser, calls, tools},                                // calls and tools
      {3, kUser, R"([{"role":"assistant","content":"51"}])"},  // no calls
      {4, kUser, calls, "[]"},                                 // an empty list is no definitions
  });
  CHECK(e.lines.size() == 4);
  CHECK(e.notes.calls_without_tools.listed() == std::vector<int64_t>{1, 4});
  CHECK(e.notes.calls_without_tools.count() == 2);
  CHECK(!json::parse(e.lines[0]).contains("tools"));
  CHECK(json::parse(e.lines[1])["tools"][0]["function"]["name"] == "multiply");
}

TEST_CASE("openai-chat: rows of agents taking turns get each their own tools (the cache of recent lists)",
          "[export][openai-chat]") {
  const std::string calls =
      R"([{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}])";
  std::vector<Row> rows;
  const size_t lists = ChatConverter::kToolsCacheSize + 2;  // more than the cache holds
  for (int round = 0; round < 3; ++round) {
    for (size_t k = 0; k < lists; ++k) {
      Row r{static_cast<int64_t>(rows.size() + 1), kUser, calls};
      r.tools = R"([{"type":"function","function":{"name":"f)" + std::to_string(k) + R"("}}])";
      rows.push_back(r);
    }
    rows.push_back({static_cast<int64_t>(rows.size() + 1), kUser, calls, R"([{"name":"bad name"}])"});
  }
  const Exported e = export_rows(rows);
  REQUIRE(e.lines.size() == 3 * lists);
  for (size_t i = 0; i < e.lines.size(); ++i)
    CHECK(json::parse(e.lines[i])["tools"][0]["function"]["name"] == "f" + std::to_string(i % lists));
  REQUIRE(e.rejected.size() == 3);
  for (const Rejection& r : e.rejected)
    CHECK(r.reason == "tools[0] is named 'bad name', not a valid function name (1 to 64 of a-z, A-Z, 0-9, _, -)");
}

TEST_CASE("openai-chat: parallel_tool_calls from the request is written beside the tools", "[export][openai-chat]") {
  const std::string calls =
      R"([{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]}])";
  const std::string tools = R"([{"type":"function","function":{"name":"f"}}])";
  CHECK(one_line({1, kUser, calls, tools, true}).ends_with(R"(,"tools":)" + tools + R"(,"parallel_tool_calls":true})"));
  CHECK(one_line({1, kUser, calls, tools, false}).ends_with(R"(,"parallel_tool_calls":false})"));
  CHECK(one_line({1, kUser, calls, tools, std::nullopt}).ends_with(R"(,"tools":)" + tools + "}"));
  // Without tools the format has nothing it applies to (the API refuses it alone).
  CHECK(one_line({1, kUser, calls, std::nullopt, true}).find("parallel_tool_calls") == std::string::npos);

  const auto found = [](const std::string& attributes) {
    ToolDefinitionFinder finder;
    finder.find(attributes);
    return finder.parallel_tool_calls();
  };
  CHECK(found(R"({"parallel_tool_calls":false,"tools":[]})") == false);  // openai-chat import
  CHECK(found(R"({"request.parallel_tool_calls":true})") == true);       // request/response import
  CHECK(found(R"({"gen_ai.request.parallel_tool_calls":false})") == false);
  CHECK(found(R"({"llm.invocation_parameters":"{\"temperature\": 0.2, \"parallel_tool_calls\": false}"})") == false);
  // Langfuse keeps the model parameters as strings (openai-agents through Langfuse).
  CHECK(found(R"({"langfuse.modelParameters":{"parallel_tool_calls":"true","temperature":1}})") == true);
  CHECK(found(R"({"langfuse.input.extra":{"parallel_tool_calls":false}})") == false);
  CHECK(found(R"({"llm.invocation_parameters":"{\"temperature\": 0.2}","llm.tools":"[]"})") == std::nullopt);
  CHECK(found(R"({"request.parallel_tool_calls":"maybe"})") == std::nullopt);
  // Row after row, one finder: each row's own setting.
  ToolDefinitionFinder finder;
  for (const bool value : {true, true, false, false, true}) {
    finder.find(std::string(R"({"llm.invocation_parameters":"{\"parallel_tool_calls\": )") +
                (value ? "true" : "false") + R"(}"})");
    CHECK(finder.parallel_tool_calls() == value);
  }
  finder.find(R"({"request.parallel_tool_calls":false})");
  CHECK(finder.parallel_tool_calls() == false);
  finder.find(R"({"request.tools":[]})");
  CHECK(finder.parallel_tool_calls() == std::nullopt);
  finder.find("{}");
  CHECK(finder.parallel_tool_calls() == std::nullopt);
}

TEST_CASE("openai-chat: tool schemas keep the source's bytes and key order, in every attribute shape",
          "[export][openai-chat]") {
  const std::string fn = R"("name":"convert","description":"Convert \u00e9 to \"e\"","parameters":)" + kSchema;
  const std::string exact = expected_tools(fn);
  const auto found = [](const std::string& attributes) { return find_tool_definitions(attributes).value_or(""); };
  // The OpenAI shape, as stored by the openai-chat and request/response imports.
  CHECK(found(R"({"tools":[{"type":"function","function":{)" + fn + "}}]}") == exact);
  // A JSON-encoded string attribute (OTel GenAI), decoded once: the same bytes.
  CHECK(found(R"({"gen_ai.tool.definitions":)" + quoted(R"([{"type":"function","function":{)" + fn + "}}]") + "}") ==
        exact);
  // The function object's keys in the source's order (here as nlohmann sorts them).
  CHECK(found(R"({"tools":[{"function":{"parameters":)" + kSchema +
              R"(,"name":"convert","strict":true},"type":"function"}]})") ==
        expected_tools(R"("parameters":)" + kSchema + R"(,"name":"convert","strict":true)"));
  // Anthropic's input_schema and Vercel's inputSchema become parameters: the inner schema's bytes.
  CHECK(found(R"({"request.tools":[{"name":"convert","input_schema":)" + kSchema + "}]}") ==
        expected_tools(R"("name":"convert","parameters":)" + kSchema));
  const std::string vercel = R"({"type":"function","name":"convert","inputSchema":)" + kSchema + "}";
  CHECK(found(R"({"ai.prompt.tools":)" + quoted("[" + quoted(vercel) + "]") + "}") ==
        expected_tools(R"("name":"convert","parameters":)" + kSchema));
  // OpenInference's json_schema as Python writes it: whitespace between tokens goes, tokens stay.
  CHECK(found(R"({"llm.tools.0.tool.json_schema":)" +
              quoted(R"({"type": "function", "function": {"name": "convert", "parameters": )" + kSchemaSpaced + "}}") +
              "}") == expected_tools(R"("name":"convert","parameters":)" + kSchema));
  // A schema kept as JSON text inside the definition.
  CHECK(found(R"({"request.tools":[{"type":"function","name":"convert","parameters":)" + quoted(kSchema) + "}]}") ==
        expected_tools(R"("name":"convert","parameters":)" + kSchema));
  // pydantic-ai's model_request_parameters: function tools then output tools, object or JSON text.
  const std::string mrp = R"({"function_tools":[{"name":"convert","parameters_json_schema":)" + kSchema +
                          R"(,"description":"d","outer_typed_dict_key":null,"strict":true,"kind":"function"}],)"
                          R"("builtin_tools":[],"output_mode":"tool","output_tools":[{"name":"final_result",)"
                          R"("parameters_json_schema":{"type":"object"},"strict":null,"kind":"output"}]})";
  const std::string pydantic =
      R"([{"type":"function","function":{"name":"convert","parameters":)" + kSchema +
      R"(,"description":"d","strict":true}},{"type":"function","function":{"name":"final_result","parameters":{"type":"object"}}}])";
  CHECK(found(R"({"model_request_parameters":)" + mrp + "}") == pydantic);
  CHECK(found(R"({"model_request_parameters":)" + quoted(mrp) + "}") == pydantic);
  CHECK(found(R"({"model_request_parameters":{"function_tools":[],"output_tools":[]}})").empty());
}

TEST_CASE("openai-chat: tool-call arguments keep the source's bytes", "[export][openai-chat]") {
  const std::string args = R"({"zeta":1.0,"alpha":"caf\u00e9 \/","n":1e3,"nested":{"b":1,"a":[2.50,-0E0]}})";
  const std::string tools = R"([{"type":"function","function":{"name":"f"}}])";
  SECTION("canonical: arguments are the source's JSON text, copied as stored") {
    const std::string stored = quoted(args);
    const std::string line = one_line(
        {1, kUser,
         R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":)" +
             stored + "}}]}]",
         tools});
    CHECK(line.find(R"("arguments":)" + stored + "}") != std::string::npos);
    CHECK(json::parse(line)["messages"][1]["tool_calls"][0]["function"]["arguments"] == args);
  }
  SECTION("arguments stored as a JSON value become its text, byte for byte") {
    const std::string line = one_line(
        {1, kUser,
         R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":)" +
             args + "}}]}]",
         tools});
    CHECK(json::parse(line)["messages"][1]["tool_calls"][0]["function"]["arguments"] == args);
  }
}

TEST_CASE("the recipe file counts and lists the rows noted by the conversion", "[export]") {
  ConversionNotes notes;
  notes.reasoning_dropped.add(4);
  notes.reasoning_dropped.add(9);
  notes.calls_without_tools.add(5);
  RejectionList rejections;
  rejections.add(7, "the row has no input");
  ExportSummary summary;
  summary.dataset = "d";
  summary.format = "openai-chat";
  summary.rows = 3;
  summary.rejections = &rejections;
  summary.notes = &notes;
  const json recipe = json::parse(export_recipe_json(summary));
  CHECK(recipe["rejected"]["count"] == 1);
  CHECK(recipe["reasoning_dropped"] ==
        json::parse(
            R"({"count":2,"reason":"the OpenAI chat fine-tuning format has no place for reasoning","rows":[4,9]})"));
  CHECK(recipe["tool_calls_without_tools"] ==
        json::parse(R"({"count":1,"reason":"tool calls but no tool definitions in the span","rows":[5]})"));
  summary.notes = nullptr;  // jsonl, csv: nothing is left out
  CHECK(!json::parse(export_recipe_json(summary)).contains("reasoning_dropped"));
}

}  // namespace test_export_openai_chat_source
