// Capture rules: validation, capture when spans finish (inside the import), no duplicates,
// deletion keeping datapoints, updates, backfill, and sampling reproducibility.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine_reads.hpp"
#include "error_of.hpp"
#include "random_spans.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_capture {

using namespace tracesift;
using nlohmann::json;
using test::error_of;

namespace {

std::string span(const std::string& id, const std::string& model, const std::string& status) {
  std::string line = R"({"span_id":")" + id + R"(","trace_id":"t","name":"chat","kind":"llm_call","status":")" +
                     status + R"(","model":")" + model + R"(","started_at":"2025-05-01T12:00:00Z")";
  if (status != "running")
    line += R"(,"ended_at":"2025-05-01T12:00:02Z","output":[{"role":"assistant","content":"a-)" + id + R"("}])";
  return line + R"(,"input":[{"role":"user","content":"q-)" + id + "\"}]}\n";
}

std::string rule(const std::string& dataset, const std::string& name, const std::string& filters, double rate) {
  return json{{"dataset", dataset}, {"name", name}, {"filter", json::parse(filters)}, {"sample_rate", rate}}.dump();
}

}  // namespace

TEST_CASE("rules are validated with errors naming the field", "[capture]") {
  Engine engine(":memory:");
  auto add = [&](const std::string& text) { return error_of([&] { engine.add_rule(test::rule(text)); }); };
  CHECK(add(rule("d", "r", "{}", 1.5)) == std::pair{Errc::invalid_argument, std::string("sample_rate")});
  CHECK(add(rule("d", "r", "{}", -0.1)) == std::pair{Errc::invalid_argument, std::string("sample_rate")});
  CHECK(add(R"({"dataset":"d","name":"r","filter":{},"sample_rate":"half"})").second == "sample_rate");
  CHECK(add(rule("d", " ", "{}", 0.5)) == std::pair{Errc::invalid_argument, std::string("name")});
  CHECK(add(rule("", "r", "{}", 0.5)) == std::pair{Errc::invalid_argument, std::string("dataset")});
  CHECK(add(rule("d", "r", R"({"min_cost":-1})", 0.5)) == std::pair{Errc::invalid_filter, std::string("min_cost")});
  CHECK(add(rule("d", "r", R"("model:")", 0.5)).first == Errc::invalid_filter);
  CHECK(add(R"({"dataset":"d","name":"r","sample_rate":0.5})").second == "filter");
  CHECK(add(R"({"dataset":"d","name":"r","filter":{},"sample_rate":0.5,"seed":-3})").second == "seed");
  CHECK(add(R"({"dataset":"d","name":"r","filter":{},"sample_rate":0.5,"colour":1})").second == "colour");
  CHECK(engine.datasets().empty());  // nothing was stored by the rejected rules

  const capture::Rule r = engine.add_rule(test::rule(rule("d", "r", R"({"model":"gpt-4o"})", 0.5)));
  CHECK(r.id == 1);
  CHECK(r.dataset == "d");
  CHECK(engine.datasets().at(0).type == "collection");
  CHECK(add(rule("d", "r", "{}", 0.5)) == std::pair{Errc::conflict, std::string("name")});
  CHECK(error_of([&] { engine.update_rule(99, test::rule_patch(R"({"sample_rate":0.1})")); }).first == Errc::not_found);
  CHECK(error_of([&] { engine.update_rule(1, test::rule_patch(R"({"dataset":"e"})")); }).second == "dataset");
  CHECK(error_of([&] { engine.delete_rule(99); }).first == Errc::not_found);
  CHECK(error_of([&] { engine.rules("no-such-dataset"); }).first == Errc::not_found);
  CHECK(error_of([&] { engine.create_dataset("d", "collection"); }).first == Errc::conflict);
  CHECK(error_of([&] { engine.create_dataset("e", "eval"); }).second == "type");
}

TEST_CASE("a rule built in C++ is the rule its JSON object makes", "[capture]") {
  Engine typed(":memory:");
  Engine parsed(":memory:");
  const capture::Rule a =
      typed.add_rule({.dataset = "d", .name = "r", .filter_json = R"({"model":"gpt-4o"})", .sample_rate = 0.5});
  const capture::Rule b = parsed.add_rule(test::rule(rule("d", "r", R"({"model":"gpt-4o"})", 0.5)));
  CHECK(a.filter_json == b.filter_json);
  CHECK(a.seed == b.seed);  // derived from dataset and name when not given
  CHECK(a.sample_rate == b.sample_rate);
  // The engine checks the filter of a typed rule as it checks a parsed one's.
  CHECK(error_of([&] {
          typed.add_rule({.dataset = "d", .name = "x", .filter_json = R"({"min_cost":-1})", .sample_rate = 1.0});
        }).first == Errc::invalid_filter);
  const capture::Rule patched = typed.update_rule(a.id, {.sample_rate = 0.25});
  CHECK(patched.sample_rate == 0.25);
  CHECK(patched.filter_json == a.filter_json);  // fields the patch leaves out stay
}

TEST_CASE("spans are captured when they finish, once per matching rule", "[capture]") {
  Engine engine(":memory:");
  engine.add_rule(test::rule(rule("gpt", "all gpt-4o", R"({"model":"gpt-4o"})", 1.0)));
  engine.add_rule(test::rule(rule("gpt", "failures", R"("status:failed")", 1.0)));
  engine.add_rule(test::rule(rule("none", "nothing", "{}", 0.0)));
  const auto report = test::import_jsonl(engine,
                                         span("a", "gpt-4o", "completed") + span("b", "gpt-4o", "running") +
                                             span("c", "claude", "completed") + span("d", "gpt-4o", "failed"),
                                         2);
  CHECK(report.counts.captured == 3);  // a; d twice (model and failures); b is still running
  auto captured = test::dataset_rows(engine, "gpt");
  REQUIRE(captured.size() == 3);
  CHECK(captured[0]["source"] == "span_export");
  CHECK(captured[0]["source_span_id"] == "a");
  CHECK(captured[0]["span_id"] == "a");
  CHECK(captured[0]["rule_id"] == 1);
  CHECK(captured[0]["input"][0]["content"] == "q-a");
  CHECK(captured[0]["output"][0]["content"] == "a-a");
  CHECK(test::dataset_rows(engine, "none").empty());

  // b finishes in a later import: captured then. Re-importing everything adds nothing.
  CHECK(test::import_jsonl(engine, span("b", "gpt-4o", "completed")).counts.captured == 1);
  CHECK(test::import_jsonl(
            engine, span("a", "gpt-4o", "completed") + span("b", "gpt-4o", "completed") + span("d", "gpt-4o", "failed"))
            .counts.captured == 0);
  CHECK(test::dataset_rows(engine, "gpt").size() == 4);

  // Deleting a rule keeps its datapoints; the deleted rule captures nothing more.
  CHECK(engine.delete_rule(1) == 3);
  CHECK(test::dataset_rows(engine, "gpt").size() == 4);
  CHECK(test::import_jsonl(engine, span("e", "gpt-4o", "completed")).counts.captured == 0);
}

TEST_CASE("a captured datapoint keeps the span's content as it was", "[capture]") {
  Engine engine(":memory:");
  engine.add_rule(test::rule(rule("d", "r", "{}", 1.0)));
  test::import_jsonl(engine, span("a", "gpt-4o", "completed"));
  // A later record of the same span changes its output; the datapoint is a snapshot.
  test::import_jsonl(engine, R"({"span_id":"a","trace_id":"t","name":"chat","kind":"llm_call","status":"completed",)"
                             R"("started_at":"2025-05-01T12:00:00Z","output":"changed"})"
                             "\n");
  const auto captured = test::dataset_rows(engine, "d");
  REQUIRE(captured.size() == 1);
  CHECK(captured[0]["output"][0]["content"] == "a-a");
}

TEST_CASE("updating a rule changes what later spans it captures", "[capture]") {
  Engine engine(":memory:");
  const auto r = engine.add_rule(test::rule(rule("d", "r", R"({"model":"gpt-4o"})", 1.0)));
  test::import_jsonl(engine, span("a", "claude", "completed"));
  const auto updated = engine.update_rule(r.id, test::rule_patch(R"({"filter":"model:claude","name":"claude only"})"));
  CHECK(updated.name == "claude only");
  CHECK(updated.filter_json == R"("model:claude")");
  CHECK(updated.seed == r.seed);
  test::import_jsonl(engine, span("b", "claude", "completed") + span("c", "gpt-4o", "completed"));
  const auto captured = test::dataset_rows(engine, "d");
  REQUIRE(captured.size() == 1);
  CHECK(captured[0]["source_span_id"] == "b");
}

TEST_CASE("backfill applies a rule to stored spans, sampling is reproducible", "[capture]") {
  const std::string spans = test::random_spans_jsonl(31, 3000);
  auto captured_ids = [&](bool backfill) {
    Engine engine(":memory:");
    if (backfill) test::import_jsonl(engine, spans);
    const auto r = engine.add_rule(
        test::rule(R"({"dataset":"d","name":"r","filter":{"environment":"production"},"sample_rate":0.3,"seed":9})"));
    if (!backfill) test::import_jsonl(engine, spans, 250);
    if (backfill) {
      const auto result = engine.backfill_rule(r.id);
      CHECK(result.matched > 1000);
      CHECK(result.captured == result.sampled);
      CHECK(std::abs(static_cast<double>(result.sampled) / result.matched - 0.3) < 0.05);
      CHECK(engine.backfill_rule(r.id).captured == 0);  // a second backfill adds nothing
    }
    std::set<std::string> ids;
    for (const auto& row : test::dataset_rows(engine, "d")) ids.insert(row["source_span_id"].get<std::string>());
    return ids;
  };
  const auto live = captured_ids(false);
  const auto backfilled = captured_ids(true);
  CHECK(live.size() > 300);
  CHECK(live == backfilled);  // the same (seed, span) decisions whether captured live or later
}

TEST_CASE("a batch that fails inside SQLite keeps none of its captures", "[capture]") {
  Engine engine(":memory:");
  engine.add_rule(test::rule(rule("d", "r", "{}", 1.0)));
  test::import_jsonl(engine, span("a", "gpt-4o", "completed"));
  // A trigger makes the next batch fail after its spans (and captures) were written.
  engine.database().exec(
      "CREATE TEMP TRIGGER boom AFTER INSERT ON spans WHEN NEW.span_id = 'c' BEGIN SELECT RAISE(ABORT, 'boom'); END");
  auto session = engine.begin_import({.file_name = "f.jsonl", .batch_size = 10});
  session->feed(span("b", "gpt-4o", "completed") + span("c", "gpt-4o", "completed"));
  CHECK_THROWS_AS(session->finish(), Error);
  CHECK(test::dataset_rows(engine, "d").size() == 1);
  CHECK(engine.count({}) == 1);
  engine.database().exec("DROP TRIGGER boom");
  CHECK(test::import_jsonl(engine, span("b", "gpt-4o", "completed")).counts.captured == 1);
  CHECK(engine.count({}) == 2);
}

}  // namespace test_capture
