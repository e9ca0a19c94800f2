// Dataset previews (dry runs): the report a save would give, from the same planner, with nothing
// written; the same errors as a save, the 100% overlap conflict included.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "random_spans.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_dataset_preview {

using namespace tracesift;
using nlohmann::json;

namespace {

EngineOptions fixed_clock() {
  EngineOptions options;
  options.clock = [] { return int64_t{1'750'000'000'000'000'000}; };
  return options;
}

int64_t table_rows(Engine& engine, const char* table) {
  store::Statement st = engine.database().prepare(std::string("SELECT count(*) FROM ") + table);
  st.step();
  return st.column_int(0);
}

std::string report_of(const dataset::DatasetReport& r) {
  return dataset::report_json(r);
}

}  // namespace

TEST_CASE("a dataset preview reports what the save then does, and writes nothing", "[datasets][preview]") {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    Engine engine(":memory:", fixed_clock());
    test::import_jsonl(engine, test::random_spans_jsonl(300 + seed, 1500));
    const std::string eval =
        json{{"name", "ev"}, {"type", "eval"}, {"filter", "task:triage"}, {"limit", 150}, {"seed", seed}}.dump();
    const std::string train =
        json{{"name", "tr"}, {"type", "training"}, {"exclude", "ev"}, {"seed", seed * 7}, {"limit", 400}}.dump();

    const auto eval_preview = engine.preview_dataset(test::dataset_request(eval));
    CHECK(engine.datasets().empty());
    CHECK(table_rows(engine, "datapoints") == 0);
    CHECK(report_of(engine.save_dataset(test::dataset_request(eval))) == report_of(eval_preview));

    const int64_t datapoints = table_rows(engine, "datapoints");
    const auto train_preview = engine.preview_dataset(test::dataset_request(train));
    CHECK(train_preview.excluded.total() > 0);
    CHECK(engine.datasets().size() == 1);
    CHECK(table_rows(engine, "datapoints") == datapoints);
    const auto saved = engine.save_dataset(test::dataset_request(train));
    CHECK(report_of(saved) == report_of(train_preview));
    // The recipe's rows hash, computed by the planner, names the rows the save wrote.
    CHECK(json::parse(engine.show_dataset("tr").second)["rows_hash"] ==
          json::parse(train_preview.recipe_json)["rows_hash"]);
  }
}

TEST_CASE("a dataset preview fails as the save would", "[datasets][preview]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(7, 400));
  engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval","filter":"task:triage"})"));
  auto failure = [&](const std::string& request) {
    std::pair<Errc, std::string> preview{Errc::internal, ""}, save{Errc::internal, ""};
    try {
      engine.preview_dataset(test::dataset_request(request));
    } catch (const Error& e) {
      preview = {e.code(), e.field()};
    }
    try {
      engine.save_dataset(test::dataset_request(request));
    } catch (const Error& e) {
      save = {e.code(), e.field()};
    }
    CHECK(preview == save);
    return preview;
  };
  // 100% overlap: the conflict a save gives, and nothing is saved.
  CHECK(failure(R"({"name":"tr","type":"training","exclude":"ev","filter":"task:triage"})") ==
        std::pair{Errc::conflict, std::string("exclude")});
  CHECK(failure(R"({"name":"ev","type":"eval"})") == std::pair{Errc::conflict, std::string("name")});
  CHECK(failure(R"({"name":"x","type":"eval","filter":"model:none-such"})") ==
        std::pair{Errc::invalid_argument, std::string("filter")});
  CHECK(failure(R"({"name":"x","type":"training","exclude":"missing"})") ==
        std::pair{Errc::not_found, std::string("exclude")});
  CHECK(failure(R"({"name":"x","type":"eval","limit":-1})").first == Errc::invalid_argument);
  CHECK(engine.datasets().size() == 1);
}

}  // namespace test_dataset_preview
