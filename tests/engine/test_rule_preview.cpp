// Capture-rule previews: for a draft or an existing rule with a patch, the stored spans the filter
// matches and exactly how many the sample keeps — the count a backfill then captures — with the
// validation errors add_rule and update_rule give, and nothing written.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "error_of.hpp"
#include "random_spans.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_rule_preview {

using namespace tracesift;
using nlohmann::json;
using test::error_of;

namespace {

int64_t datapoints(Engine& engine) {
  store::Statement st = engine.database().prepare("SELECT count(*) FROM datapoints");
  st.step();
  return st.column_int(0);
}

}  // namespace

TEST_CASE("a rule preview counts exactly what a backfill of the rule then captures", "[capture][preview]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(21, 3000));
  const char* filters[] = {R"({})", R"("model:gpt-4o")", R"({"provider":"openai","min_cost":0.02})",
                           R"("-status:failed env:production")", R"({"status":"running"})"};
  const double rates[] = {0.0, 0.1, 0.37, 1.0};
  int n = 0;
  for (const char* f : filters) {
    for (const double rate : rates) {
      const std::string name = "r" + std::to_string(n++);
      json draft = {{"dataset", "c"}, {"name", name}, {"filter", json::parse(f)}, {"sample_rate", rate}};
      if (n % 2) draft["seed"] = n * 101;
      INFO(draft.dump());
      const int64_t before = datapoints(engine);
      const capture::RuleScan preview = engine.preview_rule(test::rule(draft.dump()));
      CHECK(datapoints(engine) == before);
      CHECK(preview.spans == 3000);
      const capture::Rule added = engine.add_rule(test::rule(draft.dump()));
      CHECK(preview.seed == added.seed);  // the default seed is the one add_rule gives
      const capture::BackfillResult done = engine.backfill_rule(added.id);
      CHECK(done.matched == preview.matched);
      CHECK(done.sampled == preview.sampled);
      CHECK(done.captured == preview.sampled);
      // Running spans are counted apart: they are evaluated when they finish.
      CHECK(preview.matched + preview.running ==
            static_cast<uint64_t>(engine.count(engine.parse_filter(json::parse(f).dump()))));
      if (rate == 0.0) CHECK(preview.sampled == 0);
      if (rate == 1.0) CHECK(preview.sampled == preview.matched);
    }
  }
}

TEST_CASE("previewing a change to a rule counts what the changed rule samples", "[capture][preview]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(22, 2000));
  const capture::Rule rule =
      engine.add_rule(test::rule(R"({"dataset":"c","name":"r","filter":"model:gpt-4o","sample_rate":0.2,"seed":5})"));
  const auto unchanged = engine.preview_rule_update(rule.id, test::rule_patch("{}"));
  const auto wider = engine.preview_rule_update(rule.id, test::rule_patch(R"({"filter":{},"sample_rate":0.5})"));
  CHECK(wider.matched > unchanged.matched);
  CHECK(wider.sample_rate == 0.5);
  CHECK(engine.rules("c")[0].sample_rate == 0.2);  // nothing changed
  engine.update_rule(rule.id, test::rule_patch(R"({"filter":{},"sample_rate":0.5})"));
  const auto done = engine.backfill_rule(rule.id);
  CHECK(done.matched == wider.matched);
  CHECK(done.sampled == wider.sampled);
}

TEST_CASE("rule previews give the validation errors add and update give", "[capture][preview]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(23, 50));
  engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval"})"));
  const capture::Rule rule = engine.add_rule(test::rule(R"({"dataset":"c","name":"r","filter":{},"sample_rate":1})"));
  engine.add_rule(test::rule(R"({"dataset":"c","name":"other","filter":{},"sample_rate":1})"));
  auto both = [&](const std::string& draft) {
    const auto preview = error_of([&] { engine.preview_rule(test::rule(draft)); });
    CHECK(preview == error_of([&] { engine.add_rule(test::rule(draft)); }));
    return preview;
  };
  CHECK(both(R"({"dataset":"c","name":"x","filter":{},"sample_rate":1.5})") ==
        std::pair{Errc::invalid_argument, std::string("sample_rate")});
  CHECK(both(R"({"dataset":"c","name":"x","filter":{"min_cost":-1},"sample_rate":1})") ==
        std::pair{Errc::invalid_filter, std::string("min_cost")});
  CHECK(both(R"({"dataset":"c","name":"x","sample_rate":1})") ==
        std::pair{Errc::invalid_argument, std::string("filter")});
  CHECK(both(R"({"dataset":"ev","name":"x","filter":{},"sample_rate":1})") ==
        std::pair{Errc::invalid_argument, std::string("dataset")});
  CHECK(both(R"({"dataset":"c","name":"r","filter":{},"sample_rate":1})") ==
        std::pair{Errc::conflict, std::string("name")});
  // A draft for a dataset that does not exist yet is fine, and creates nothing.
  const auto datasets = engine.datasets().size();
  engine.preview_rule(test::rule(R"({"dataset":"new","name":"x","filter":{},"sample_rate":1})"));
  CHECK(engine.datasets().size() == datasets);

  CHECK(error_of([&] { engine.preview_rule_update(rule.id, test::rule_patch(R"({"sample_rate":2})")); }) ==
        std::pair{Errc::invalid_argument, std::string("sample_rate")});
  CHECK(error_of([&] { engine.preview_rule_update(rule.id, test::rule_patch(R"({"name":"other"})")); }) ==
        std::pair{Errc::conflict, std::string("name")});
  CHECK(error_of([&] { engine.preview_rule_update(999, test::rule_patch("{}")); }).first == Errc::not_found);
}

}  // namespace test_rule_preview
