// Exporting saved datasets as files pulled piece by piece: every format, the recipe beside the
// data, hf splits (training + its eval as validation), small pieces equal to one big one.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/export/openai_chat.hpp"
#include "random_spans.hpp"

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

}  // namespace

TEST_CASE("jsonl, csv and openai-chat exports write the data and the recipe beside it", "[export]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(61, 400));
  const auto saved = engine.save_dataset(R"({"name":"ev","type":"eval","limit":120})");
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
  engine.save_dataset(R"({"name":"ev","type":"eval","filter":"task:eval-src"})");
  engine.save_dataset(R"({"name":"tr","type":"training","exclude":"ev","leakage":{"near_duplicate":false}})");
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
  engine.save_dataset(R"({"name":"ev","type":"eval"})");
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

}  // namespace test_dataset_export
