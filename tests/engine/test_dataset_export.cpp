// Exporting saved datasets as files pulled piece by piece: every format, the recipe beside the
// data, hf splits (training + its eval as validation), small pieces equal to one big one.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "chat_lines.hpp"
#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/export/openai_chat.hpp"
#include "random_spans.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_dataset_export {

using namespace tracesift;
using nlohmann::json;

namespace {

// Every file of an export, pulled in pieces of at most `max_bytes`.
std::map<std::string, std::string> pull(Engine& engine, const std::string& dataset, const std::string& format,
                                        size_t max_bytes = 1 << 20, std::vector<std::string>* order = nullptr) {
  auto exp = engine.begin_export(dataset, format);
  std::map<std::string, std::string> files;
  exporter::ExportPiece piece;
  while (exp->next(piece, max_bytes)) {
    if (order && (order->empty() || order->back() != piece.file)) order->push_back(piece.file);
    files[piece.file] += piece.bytes;
  }
  return files;
}

size_t lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string read_fixture(const std::string& path) {
  std::ifstream in(std::string(TRACESIFT_FIXTURES_DIR) + "/" + path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The lines of an openai-chat export file, each checked against the format's rules, parsed.
std::vector<json> checked_lines(const std::string& text) {
  std::vector<json> out;
  for (const std::string& line : test::checked_chat_lines(text)) out.push_back(json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("jsonl, csv and openai-chat exports write the data and the recipe beside it", "[export]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(61, 400));
  const auto saved = engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval","limit":120})"));
  REQUIRE(saved.rows == 120);

  std::vector<std::string> order;
  const auto jsonl = pull(engine, "ev", "jsonl", 1 << 20, &order);
  CHECK(order == std::vector<std::string>{"ev.jsonl", "ev.recipe.json"});
  CHECK(lines(jsonl.at("ev.jsonl")) == 120);
  const json recipe_file = json::parse(jsonl.at("ev.recipe.json"));
  CHECK(recipe_file["rows"] == 120);
  CHECK(recipe_file["recipe"]["rows_hash"] == json::parse(saved.recipe_json)["rows_hash"]);
  // Tiny pieces give the same bytes.
  CHECK(pull(engine, "ev", "jsonl", 1) == jsonl);

  const auto csv = pull(engine, "ev", "csv");
  CHECK(lines(csv.at("ev.csv")) >= 121);  // header + rows (quoted newlines may add more)

  const auto chat = pull(engine, "ev", "openai-chat");
  const std::string& text = chat.at("ev.openai-chat.jsonl");
  size_t start = 0, n = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1, ++n) {
    const auto problem = exporter::check_openai_chat_line(text.substr(start, nl - start));
    INFO(text.substr(start, nl - start));
    CHECK_FALSE(problem);
  }
  const json chat_recipe = json::parse(chat.at("ev.recipe.json"));
  // Random spans have no assistant output: each row is either converted or listed with a reason.
  CHECK(static_cast<int64_t>(n) + chat_recipe["rejected"]["count"].get<int64_t>() == 120);
}

TEST_CASE("an hf export of a training dataset has train, its eval as validation, a card and the recipe", "[export]") {
  Engine engine(":memory:");
  std::string text;
  for (int i = 0; i < 60; ++i) {
    text +=
        json{{"span_id", "s" + std::to_string(i)},
             {"trace_id", "t" + std::to_string(i)},
             {"name", "chat"},
             {"kind", "llm_call"},
             {"status", "completed"},
             {"task", i < 20 ? "eval-src" : "other"},
             {"started_at", "2025-05-01T12:00:00Z"},
             {"input", json::array({{{"role", "user"}, {"content", "question number " + std::to_string(i * 7919)}}})},
             {"output", json::array({{{"role", "assistant"}, {"content", "answer " + std::to_string(i)}}})}}
            .dump() +
        "\n";
  }
  test::import_jsonl(engine, text);
  engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval","filter":"task:eval-src"})"));
  engine.save_dataset(
      test::dataset_request(R"({"name":"tr","type":"training","exclude":"ev","leakage":{"near_duplicate":false}})"));
  std::vector<std::string> order;
  const auto files = pull(engine, "tr", "hf", 1 << 20, &order);
  CHECK(order == std::vector<std::string>{"train.jsonl", "validation.jsonl", "README.md", "recipe.json"});
  CHECK(lines(files.at("train.jsonl")) == 40);
  CHECK(lines(files.at("validation.jsonl")) == 20);
  CHECK_THAT(files.at("README.md"), Catch::Contains("validation"));
  CHECK(json::parse(files.at("recipe.json"))["recipe"]["exclude"] == "ev");
  // An eval dataset alone is a test split.
  order.clear();
  pull(engine, "ev", "hf", 1 << 20, &order);
  CHECK(order == std::vector<std::string>{"test.jsonl", "README.md", "recipe.json"});
  CHECK_THROWS_AS(engine.begin_export("ev", "parquet"), Error);
}

TEST_CASE("export options reach the csv writer: formulas escaped by default, raw on request", "[export]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, json{{"span_id", "f1"},
                                  {"trace_id", "t1"},
                                  {"name", "=1+1"},
                                  {"status", "completed"},
                                  {"started_at", "2025-05-01T12:00:00Z"}}
                                     .dump() +
                                 "\n");
  engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval"})"));
  const auto read = [&](const exporter::ExportOptions& options) {
    auto exp = engine.begin_export("ev", "csv", options);
    std::string csv;
    exporter::ExportPiece piece;
    while (exp->next(piece)) {
      if (piece.file == "ev.csv") csv += piece.bytes;
    }
    return csv;
  };
  CHECK_THAT(read({}), Catch::Contains(",'=1+1,"));
  exporter::ExportOptions raw;
  raw.csv_formulas = exporter::CsvFormulas::raw;
  CHECK_THAT(read(raw), Catch::Contains(",=1+1,"));
}

TEST_CASE("real agent traces with tools export as valid openai-chat rows with their tools, source bytes kept",
          "[export][openai-chat]") {
  Engine engine(":memory:");
  for (const char* file : {"openai-agents-2025-09-30.trace.json", "pydantic-ai-tools-2025-12-04.trace.json"}) {
    auto session = engine.begin_import({.file_name = file});
    session->feed(read_fixture(std::string("langfuse-framework-traces/") + file));
    REQUIRE(session->finish().counts.imported > 0);
  }
  engine.save_dataset(test::dataset_request(R"({"name":"calls","type":"eval","filter":"kind:llm_call"})"));
  const auto files = pull(engine, "calls", "openai-chat");
  const std::vector<json> rows = checked_lines(files.at("calls.openai-chat.jsonl"));
  const json recipe = json::parse(files.at("calls.recipe.json"));
  INFO(recipe.dump());
  CHECK(recipe["rejected"]["count"] == 0);
  // 2 openai-agents responses and 4 pydantic-ai chats, every one offered its tools.
  REQUIRE(rows.size() == 6);
  CHECK(recipe["tool_calls_without_tools"]["count"] == 0);
  CHECK(recipe["reasoning_dropped"]["count"] == 0);

  // openai-agents: the tool schema as the span's llm.tools.0.tool.json_schema wrote it (key order
  // included: additionalProperties last), and parallel_tool_calls from the model parameters.
  const auto source =
      nlohmann::ordered_json::parse(read_fixture("langfuse-framework-traces/openai-agents-2025-09-30.trace.json"));
  std::string schema_text;
  for (const auto& o : source["observations"]) {
    if (o["type"] != "GENERATION") continue;
    const auto metadata = nlohmann::ordered_json::parse(o["metadata"].get<std::string>());
    schema_text = metadata["attributes"]["llm.tools.0.tool.json_schema"].get<std::string>();
  }
  const auto schema = nlohmann::ordered_json::parse(schema_text)["function"]["parameters"];
  const std::string text = files.at("calls.openai-chat.jsonl");
  size_t with_weather = 0, pydantic = 0;
  for (const json& row : rows) {
    REQUIRE(row.contains("tools"));
    if (row["tools"][0]["function"]["name"] == "get_weather") {
      ++with_weather;
      CHECK(row["parallel_tool_calls"] == true);
    } else {
      ++pydantic;
      CHECK(!row.contains("parallel_tool_calls"));  // pydantic-ai's spans do not say
    }
  }
  CHECK(with_weather == 2);
  CHECK(pydantic == 4);
  CHECK(std::count_if(rows.begin(), rows.end(),
                      [](const json& r) { return r["tools"][0]["function"]["name"] == "final_result"; }) == 1);
  // Byte for byte: the schema's tokens in the source's order.
  const std::string expected =
      R"({"type":"function","function":{"name":"get_weather","parameters":)" + schema.dump() + R"(,"strict":true}})";
  CHECK(text.find(expected) != std::string::npos);
  CHECK(schema.dump().find("\"additionalProperties\":false}") != std::string::npos);
}

TEST_CASE("an openai-chat export counts reasoning left out and tool calls without tools in its recipe", "[export]") {
  Engine engine(":memory:");
  const auto span = [](const std::string& id, const json& output, const json& attributes) {
    return json{{"span_id", id},
                {"trace_id", "t" + id},
                {"name", "chat"},
                {"kind", "llm_call"},
                {"status", "completed"},
                {"started_at", "2025-05-01T12:00:00Z"},
                {"input", json::array({{{"role", "user"}, {"content", "What is 17 times 3?"}}})},
                {"output", output},
                {"attributes", attributes}}
               .dump() +
           "\n";
  };
  const json reasoning = json::parse(
      R"([{"role":"assistant","content":[{"type":"reasoning","text":"10*3 + 7*3"},{"type":"text","text":"51"}]}])");
  const json call = json::parse(
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"multiply","arguments":"{\"a\":17,\"b\":3}"}}]}])");
  const json tools = {{"llm.invocation_parameters", R"({"parallel_tool_calls": false})"},
                      {"llm.tools.0.tool.json_schema",
                       R"({"type": "function", "function": {"name": "multiply", "parameters": {"type": "object"}}})"}};
  test::import_jsonl(
      engine, span("r1", reasoning, json::object()) + span("c1", call, json::object()) + span("c2", call, tools));
  engine.save_dataset(test::dataset_request(R"({"name":"d","type":"eval"})"));
  auto exp = engine.begin_export("d", "openai-chat");
  std::map<std::string, std::string> files;
  exporter::ExportPiece piece;
  while (exp->next(piece)) files[piece.file] += piece.bytes;
  CHECK(exp->rows() == 3);
  CHECK(exp->reasoning_dropped() == 1);
  CHECK(exp->calls_without_tools() == 1);
  const std::vector<json> rows = checked_lines(files.at("d.openai-chat.jsonl"));
  REQUIRE(rows.size() == 3);
  const auto with_tools = std::find_if(rows.begin(), rows.end(), [](const json& r) { return r.contains("tools"); });
  REQUIRE(with_tools != rows.end());
  CHECK((*with_tools)["parallel_tool_calls"] == false);
  CHECK((*with_tools)["tools"][0]["function"]["name"] == "multiply");
  CHECK(std::count_if(rows.begin(), rows.end(), [](const json& r) { return r.contains("parallel_tool_calls"); }) == 1);
  const json recipe = json::parse(files.at("d.recipe.json"));
  CHECK(recipe["reasoning_dropped"]["count"] == 1);
  CHECK(recipe["reasoning_dropped"]["reason"] == "the OpenAI chat fine-tuning format has no place for reasoning");
  CHECK(recipe["tool_calls_without_tools"]["count"] == 1);
  CHECK(recipe["tool_calls_without_tools"]["reason"] == "tool calls but no tool definitions in the span");
  // The ids listed are the datapoints'.
  CHECK(recipe["reasoning_dropped"]["rows"].size() == 1);
  CHECK(recipe["tool_calls_without_tools"]["rows"][0] != recipe["reasoning_dropped"]["rows"][0]);
  // jsonl keeps everything: no notes in its recipe, the reasoning part in the row.
  auto plain = engine.begin_export("d", "jsonl");
  std::string jsonl;
  while (plain->next(piece)) jsonl += piece.file == "d.jsonl" ? piece.bytes : "";
  CHECK(jsonl.find(R"("text":"10*3 + 7*3")") != std::string::npos);
  CHECK(files.at("d.openai-chat.jsonl").find("10*3") == std::string::npos);
  CHECK(plain->reasoning_dropped() == 0);
}

}  // namespace test_dataset_export
