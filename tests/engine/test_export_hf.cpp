#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/export/hf_export.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_export_hf {

using namespace tracesift;
using namespace tracesift::exporter;
using nlohmann::json;

namespace {

struct HfRow {
  int64_t id = 1;
  std::string span_id;
  std::optional<std::string> input, output, tools;

  ExportRow view() const {
    ExportRow r;
    r.id = id;
    r.dataset = "support";
    if (!span_id.empty()) r.span_id = span_id;
    r.source = "filter";
    if (input) r.input_json = *input;
    if (output) r.output_json = *output;
    if (tools) r.tools_json = *tools;
    return r;
  }
};

HfRow chat_row(int64_t id) {
  HfRow r;
  r.id = id;
  r.span_id = "span-" + std::to_string(id);
  r.input =
      R"([{"role":"system","content":"Route the customer's message to one queue."},{"role":"user","content":"Order )" +
      std::to_string(id) + R"( never arrived."}])";
  r.output = R"([{"role":"assistant","content":"{\"queue\":\"orders\",\"confidence\":0.9}"}])";
  return r;
}

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

// The recipe dataset_builder writes for a training dataset.
const std::string kRecipe =
    R"({"type":"training","filter":{"provider":"anthropic","min_cost":0.0001},"only_status":"completed","seed":42,)"
    R"j("cap":1000000,"limit":null,"ranking":"ascending mix64(hash_text(span_id) ^ mix64(seed + 0x9e3779b97f4a7c15))",)j"
    R"("exclude":"golden","leakage":{"same_span":true,"same_input":true,"same_group":true,"near_duplicate":false,"jaccard":0.8},)"
    R"("counts":{"candidates":12345,"excluded":{"same_span":10,"same_input":4,"same_group":31,"near_duplicate":0},"rows":12300,"overlap_ratio":0.0036},)"
    R"("engine_version":"0.1.0","created_at":"2025-06-01T00:00:00Z","rows_hash":"9f3c2a7b11d04e55","reviewer":{"name":"Ana","approved":true}})";

// The YAML front matter of a card (between the two --- lines).
std::string front_matter(const std::string& card) {
  REQUIRE(card.rfind("---\n", 0) == 0);
  const size_t end = card.find("\n---\n", 4);
  REQUIRE(end != std::string::npos);
  return card.substr(4, end - 3);
}

}  // namespace

TEST_CASE("hf: rows are converted like openai-chat and split by a seeded hash, the same way every time",
          "[export][hf]") {
  HfLayout layout;
  layout.holdout_fraction = 0.1;
  layout.seed = 42;
  HfWriter writer(layout);
  StringSink train, validation;
  writer.begin({&train, &validation, nullptr});
  for (int64_t i = 1; i <= 2000; ++i) {
    HfRow r = chat_row(i);
    if (i == 5) r.output = R"({"embedding":[0.5]})";
    if (i == 6) r.tools = R"([{"type":"function","function":{"name":"route","parameters":{"type":"object"}}}])";
    writer.row(r.view());
  }
  writer.end();
  CHECK(writer.rows_written() == 1999);
  CHECK(writer.rows(HfSplit::train) + writer.rows(HfSplit::validation) == 1999);
  CHECK(writer.rows(HfSplit::test) == 0);
  CHECK(writer.rows(HfSplit::validation) > 140);  // about 10% of 1999
  CHECK(writer.rows(HfSplit::validation) < 260);
  CHECK(writer.rejected() == std::vector<Rejection>{{5, "output is not messages (it is an object)"}});
  CHECK(writer.has_tools());

  const auto train_rows = json_lines(train.text), validation_rows = json_lines(validation.text);
  CHECK(static_cast<int64_t>(train_rows.size()) == writer.rows(HfSplit::train));
  CHECK(static_cast<int64_t>(validation_rows.size()) == writer.rows(HfSplit::validation));
  for (const auto* rows : {&train_rows, &validation_rows}) {
    for (const json& j : *rows) {
      // The same four columns in every row, so Arrow reads one schema.
      REQUIRE(j.size() == 4);
      CHECK(j["id"].is_number_integer());
      CHECK(j["source_span_id"] == "span-" + std::to_string(j["id"].get<int64_t>()));
      CHECK((j["tools"].is_null() || j["tools"].is_string()));
      // The conversation is an openai-chat line once tools are decoded.
      json chat = {{"messages", j["messages"]}};
      if (j["tools"].is_string()) chat["tools"] = json::parse(j["tools"].get<std::string>());
      INFO(chat.dump());
      CHECK(check_openai_chat_line(chat.dump()) == std::nullopt);
      CHECK(hf_split_of(layout, chat_row(j["id"].get<int64_t>()).view()) ==
            (rows == &train_rows ? HfSplit::train : HfSplit::validation));
    }
  }
  for (const json& j : train_rows) {
    if (j["id"] == 6) CHECK(json::parse(j["tools"].get<std::string>())[0]["function"]["name"] == "route");
  }

  // Another seed splits differently; the same seed the same.
  HfLayout other = layout;
  other.seed = 7;
  int differ = 0;
  for (int64_t i = 1; i <= 2000; ++i) {
    const HfRow row = chat_row(i);
    const ExportRow r = row.view();
    CHECK(hf_split_of(layout, r) == hf_split_of(layout, r));
    differ += hf_split_of(layout, r) != hf_split_of(other, r);
  }
  CHECK(differ > 100);
  // Without a span id the datapoint id decides.
  HfRow no_span = chat_row(3);
  no_span.span_id.clear();
  CHECK(hf_split_of(layout, no_span.view()) == hf_split_of(layout, no_span.view()));
}

TEST_CASE("hf: an eval dataset goes to test, splits need their sinks", "[export][hf]") {
  HfLayout eval;
  eval.main = HfSplit::test;
  HfWriter writer(eval);
  StringSink test;
  writer.begin({nullptr, nullptr, &test});
  for (int64_t i = 1; i <= 10; ++i) writer.row(chat_row(i).view());
  writer.end();
  CHECK(writer.rows(HfSplit::test) == 10);
  CHECK(json_lines(test.text).size() == 10);

  HfLayout split;
  split.holdout_fraction = 0.5;
  HfWriter missing(split);
  StringSink train;
  CHECK_THROWS_AS(missing.begin({&train, nullptr, nullptr}), Error);
  HfLayout bad;
  bad.holdout_fraction = 1.5;
  CHECK_THROWS_AS(HfWriter(bad), Error);
}

TEST_CASE("hf: the dataset card has front matter for the hub and the recipe for people", "[export][hf]") {
  HfCardInfo info;
  info.rows = {11070, 1230, 0};
  info.rejected = 3;
  info.layout.holdout_fraction = 0.1;
  info.layout.seed = 42;
  info.has_tools = true;
  const std::string card = hf_dataset_card("support \"triage\"", kRecipe, info);
  const std::string yaml = front_matter(card);
  CHECK_THAT(yaml, Catch::Contains("pretty_name: \"support \\\"triage\\\"\"\n"));
  CHECK_THAT(yaml, Catch::Contains("task_categories:\n- text-generation\n"));
  CHECK_THAT(yaml, Catch::Contains("- tool-calling\n"));
  CHECK_THAT(yaml, Catch::Contains("size_categories:\n- 10K<n<100K\n"));
  CHECK_THAT(yaml, Catch::Contains("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: "
                                   "train.jsonl\n  - split: validation\n    path: validation.jsonl\n"));
  CHECK(yaml.find("test.jsonl") == std::string::npos);  // a split without rows is not listed
  CHECK_THAT(yaml, Catch::Contains("  - name: messages\n    list:\n    - name: role\n      dtype: string\n"));
  CHECK_THAT(yaml, Catch::Contains("  - name: tools\n    dtype: string\n"));
  CHECK_THAT(yaml, Catch::Contains("  splits:\n  - name: train\n    num_examples: 11070\n  - name: validation\n    "
                                   "num_examples: 1230\n"));

  CHECK_THAT(card, Catch::Contains("# support \"triage\"\n"));
  CHECK_THAT(card, Catch::Contains("| train | `train.jsonl` | 11,070 |"));
  CHECK_THAT(card, Catch::Contains("| validation | `validation.jsonl` | 1,230 |"));
  CHECK_THAT(card, Catch::Contains("Rows go to `train` except about 10%, sent to `validation`"));
  CHECK_THAT(card, Catch::Contains("(seed 42)"));
  CHECK_THAT(card, Catch::Contains("3 rows of the dataset could not be converted"));
  CHECK_THAT(card, Catch::Contains("load_dataset(\"json\", data_files={\"train\": \"train.jsonl\", \"validation\": "
                                   "\"validation.jsonl\"})"));
  // Known recipe keys in words.
  CHECK_THAT(card, Catch::Contains("- **Dataset type**: `training`\n"));
  CHECK_THAT(card, Catch::Contains("- **Filter**: `{\"provider\":\"anthropic\",\"min_cost\":0.0001}`\n"));
  CHECK_THAT(card, Catch::Contains("- **Spans taken**: only `completed` spans\n"));
  CHECK_THAT(card, Catch::Contains("- **Seed**: `42`\n"));
  CHECK_THAT(card, Catch::Contains("- **Cap**: 1,000,000 rows\n"));
  CHECK_THAT(card, Catch::Contains("- **Limit**: none\n"));
  CHECK_THAT(card, Catch::Contains("- **Excluded eval dataset**: `golden`\n"));
  CHECK_THAT(card, Catch::Contains("- **Leakage checks against the excluded eval dataset**: same span on, same input "
                                   "on, same trace or session on, near-duplicate input off (Jaccard similarity "
                                   "threshold 0.8)\n"));
  CHECK_THAT(card, Catch::Contains("  - candidate spans: 12,345\n"));
  CHECK_THAT(card, Catch::Contains("  - excluded as overlapping the eval dataset: same span 10, same input 4, same "
                                   "group 31, near duplicate 0\n"));
  CHECK_THAT(card, Catch::Contains("  - rows kept: 12,300\n"));
  CHECK_THAT(card, Catch::Contains("  - overlap ratio: 0.0036\n"));
  CHECK_THAT(card, Catch::Contains("- **Engine version**: tracesift `0.1.0`\n"));
  CHECK_THAT(card, Catch::Contains("- **Rows hash**: `9f3c2a7b11d04e55`"));
  // Keys the card does not know are still shown.
  CHECK_THAT(card, Catch::Contains("- **reviewer**:\n  - **name**: `Ana`\n  - **approved**: `true`\n"));
  // And the recipe itself, as it is.
  const size_t block = card.find("```json\n");
  REQUIRE(block != std::string::npos);
  const size_t end = card.find("\n```\n", block);
  REQUIRE(end != std::string::npos);
  CHECK(json::parse(card.substr(block + 8, end - block - 8)) == json::parse(kRecipe));
}

TEST_CASE("hf: cards for a collection without a recipe, an empty export and odd recipes", "[export][hf]") {
  HfCardInfo info;
  info.rows = {0, 0, 5};
  std::string card = hf_dataset_card("captured", "null", info);
  CHECK_THAT(front_matter(card), Catch::Contains("  - split: test\n    path: test.jsonl\n"));
  CHECK_THAT(front_matter(card), Catch::Contains("- n<1K\n"));
  CHECK(front_matter(card).find("tool-calling") == std::string::npos);
  CHECK_THAT(card, Catch::Contains("The dataset has no recipe"));
  info.splits_note = "`test.jsonl` holds the eval dataset `golden`.";
  CHECK_THAT(hf_dataset_card("captured", "null", info),
             Catch::Contains("| test | `test.jsonl` | 5 |\n\n`test.jsonl` holds the eval dataset `golden`.\n\n"));
  CHECK_THAT(card, Catch::Contains("data_files={\"test\": \"test.jsonl\"}"));

  HfCardInfo empty;
  empty.rejected = 7;
  card = hf_dataset_card("nothing", "", empty);
  CHECK(front_matter(card).find("configs:") == std::string::npos);
  CHECK_THAT(card, Catch::Contains("No row could be exported."));
  CHECK_THAT(card, Catch::Contains("7 rows of the dataset could not be converted"));

  card = hf_dataset_card("odd", "{not json", info);
  CHECK_THAT(card, Catch::Contains("is not valid JSON"));
  card = hf_dataset_card("ticks", R"({"note":"has ``` inside","filter":{}})", info);
  CHECK_THAT(card, Catch::Contains("- **Filter**: none (every span)\n"));
  CHECK_THAT(card, Catch::Contains("````json\n"));  // a fence longer than any run of backticks inside
}

}  // namespace test_export_hf
