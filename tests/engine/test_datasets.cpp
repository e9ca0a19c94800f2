// Eval and training datasets: only completed spans, caps and limits, reproducible ranking,
// leakage excluded and counted by reason, the 25% warning and the 100% error, snapshots, recipes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "random_spans.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_datasets {

using namespace tracesift;
using nlohmann::json;

namespace {

std::vector<json> rows_of(Engine& engine, const std::string& name) {
  std::vector<json> out;
  for (int64_t offset = 0;; offset += 10000) {
    const std::string text = engine.dataset_rows_jsonl(name, 10000, offset);
    if (text.empty()) break;
    size_t start = 0;
    for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
      out.push_back(json::parse(text.substr(start, nl - start)));
  }
  return out;
}

std::set<std::string> span_ids(Engine& engine, const std::string& name) {
  std::set<std::string> ids;
  for (const auto& r : rows_of(engine, name)) ids.insert(r["source_span_id"].get<std::string>());
  return ids;
}

std::string span(const std::string& id, const std::string& trace, const std::string& session, const std::string& text,
                 const std::string& status = "completed", const std::string& task = "train-src") {
  json s = {{"span_id", id},
            {"trace_id", trace},
            {"name", "chat"},
            {"kind", "llm_call"},
            {"status", status},
            {"model", "gpt-4o"},
            {"task", task},
            {"started_at", "2025-05-01T12:00:00Z"},
            {"input", json::array({{{"role", "user"}, {"content", text}}})},
            {"output", json::array({{{"role", "assistant"}, {"content", "answer to " + text}}})}};
  if (!session.empty()) s["session_id"] = session;
  return s.dump() + "\n";
}

Errc code_of(const std::function<void()>& fn, std::string* field = nullptr) {
  try {
    fn();
  } catch (const Error& e) {
    if (field) *field = e.field();
    return e.code();
  }
  return Errc::internal;
}

}  // namespace

TEST_CASE("an eval dataset takes completed spans only, ranked by seed and capped", "[datasets]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(41, 2000));
  const auto report = engine.save_dataset(
      test::dataset_request(R"({"name":"ev","type":"eval","filter":"env:production","limit":300,"seed":5})"));
  CHECK(report.rows == 300);
  CHECK(report.candidates ==
        static_cast<uint64_t>(engine.count(engine.parse_filter(R"("env:production status:completed")"))));
  for (const auto& r : rows_of(engine, "ev")) {
    CHECK(r["source"] == "filter");
    CHECK(r["input"].is_array());
  }
  // The same data and seed give the same rows, in any engine; another seed other rows.
  Engine again(":memory:");
  test::import_jsonl(again, test::random_spans_jsonl(41, 2000), 77);
  again.save_dataset(
      test::dataset_request(R"({"name":"ev","type":"eval","filter":"env:production","limit":300,"seed":5})"));
  CHECK(span_ids(engine, "ev") == span_ids(again, "ev"));
  again.save_dataset(
      test::dataset_request(R"({"name":"ev2","type":"eval","filter":"env:production","limit":300,"seed":6})"));
  CHECK(span_ids(again, "ev2") != span_ids(again, "ev"));
  // The recipe says how it was made.
  const auto [info, recipe_text] = engine.show_dataset("ev");
  const json recipe = json::parse(recipe_text);
  CHECK(info.type == "eval");
  CHECK(recipe["seed"] == 5);
  CHECK(recipe["limit"] == 300);
  CHECK(recipe["cap"] == 10000);
  CHECK(recipe["filter"] == "env:production");
  CHECK(recipe["counts"]["rows"] == 300);
  CHECK(recipe["rows_hash"].get<std::string>().size() == 16);
  CHECK(recipe["engine_version"] == std::string(kEngineVersion));
}

TEST_CASE("dataset requests are validated", "[datasets]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(42, 200));
  std::string field;
  CHECK(code_of([&] { engine.save_dataset(test::dataset_request(R"({"name":"x","type":"gold"})")); }, &field) ==
        Errc::invalid_argument);
  CHECK(field == "type");
  CHECK(code_of([&] { engine.save_dataset(test::dataset_request(R"({"name":"x","type":"training"})")); }, &field) ==
        Errc::invalid_argument);
  CHECK(field == "exclude");
  CHECK(code_of([&] { engine.save_dataset(test::dataset_request(R"({"name":"x","type":"eval","limit":10001})")); },
                &field) == Errc::invalid_argument);
  CHECK(field == "limit");
  CHECK(
      code_of(
          [&] { engine.save_dataset(test::dataset_request(R"({"name":"x","type":"eval","filter":{"min_cost":-1}})")); },
          &field) == Errc::invalid_filter);
  CHECK(code_of(
            [&] { engine.save_dataset(test::dataset_request(R"({"name":"x","type":"eval","filter":"model:nope"})")); },
            &field) == Errc::invalid_argument);
  CHECK(field == "filter");
  CHECK(
      code_of([&] { engine.save_dataset(test::dataset_request(R"({"name":"t","type":"training","exclude":"none"})")); },
              &field) == Errc::not_found);
  engine.create_dataset("coll", "collection");
  CHECK(
      code_of([&] { engine.save_dataset(test::dataset_request(R"({"name":"t","type":"training","exclude":"coll"})")); },
              &field) == Errc::invalid_argument);
  CHECK(code_of(
            [&] {
              engine.save_dataset(test::dataset_request(
                  R"({"name":"x","type":"training","exclude":"e","leakage":{"same_thing":true}})"));
            },
            &field) == Errc::invalid_argument);
  CHECK(field == "leakage.same_thing");
  engine.save_dataset(test::dataset_request(R"({"name":"e","type":"eval","limit":10})"));
  CHECK(code_of([&] { engine.save_dataset(test::dataset_request(R"({"name":"e","type":"eval"})")); }) ==
        Errc::conflict);
  CHECK(engine.datasets().size() == 2);  // nothing else was saved
}

TEST_CASE("training excludes the eval rows by span, input, group and near-duplicate, counted apart", "[datasets]") {
  Engine engine(":memory:");
  std::string text;
  // The eval dataset is the four "eval-src" spans; the training slice is every span.
  text += span("e1", "te1", "", "how do I reset my password", "completed", "eval-src");
  text += span("e2", "te2", "sess-e", "what is the refund policy for annual plans", "completed", "eval-src");
  text += span("e3", "te3", "", "summarise the attached quarterly report in three short bullet points for the board",
               "completed", "eval-src");
  text += span("e4", "te4", "", "translate good morning into french", "completed", "eval-src");
  text += span("t-same-input", "tt1", "", "How do I   RESET my password");  // same normalised input
  text += span("t-same-trace", "te4", "", "a different question in the same trace");
  text += span("t-same-session", "tt3", "sess-e", "another question in the same conversation");
  text += span("t-near", "tt4", "",
               "summarise the attached quarterly report in three short bullet points for the board today");
  text += span("t-clean-1", "tt5", "", "write a haiku about autumn leaves");
  text += span("t-clean-2", "tt6", "", "list three prime numbers");
  text += span("t-running", "tt7", "", "still running", "running");
  test::import_jsonl(engine, text);
  REQUIRE(engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval","filter":"task:eval-src"})")).rows ==
          4);

  const auto report = engine.save_dataset(test::dataset_request(R"({"name":"tr","type":"training","exclude":"ev"})"));
  CHECK(report.candidates == 10);  // the running span never enters
  CHECK(report.excluded.same_span == 4);
  CHECK(report.excluded.same_input == 1);
  CHECK(report.excluded.same_group == 2);
  CHECK(report.excluded.near_duplicate == 1);
  CHECK(report.rows == 2);
  CHECK(report.overlap_ratio == Approx(0.8));
  REQUIRE(report.warnings.size() == 1);
  CHECK_THAT(report.warnings[0], Catch::Contains("80%"));
  CHECK(span_ids(engine, "tr") == std::set<std::string>{"t-clean-1", "t-clean-2"});

  // Each check can be turned off, and then its spans come back.
  const auto loose = engine.save_dataset(test::dataset_request(
      R"({"name":"tr2","type":"training","exclude":"ev","leakage":{"same_group":false,"near_duplicate":false}})"));
  CHECK(loose.excluded.same_group == 0);
  CHECK(loose.excluded.near_duplicate == 0);
  CHECK(loose.rows == 5);
  CHECK(json::parse(loose.recipe_json)["leakage"]["same_group"] == false);

  // A slice entirely inside the eval dataset is an error, and nothing is saved.
  std::string field;
  CHECK(code_of(
            [&] {
              engine.save_dataset(
                  test::dataset_request(R"({"name":"tr3","type":"training","exclude":"ev","filter":"task:eval-src"})"));
            },
            &field) == Errc::conflict);
  CHECK(field == "exclude");
  CHECK(engine.datasets().size() == 3);
}

TEST_CASE("saved datasets are snapshots, rename, delete and hand-picked datapoints", "[datasets]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, span("a", "t1", "", "first question") + span("b", "t2", "", "second question"));
  engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval"})"));
  const std::string before = engine.dataset_rows_jsonl("ev", 100, 0);
  // A later record changes span a's output: the saved rows do not move.
  test::import_jsonl(engine, R"({"span_id":"a","trace_id":"t1","name":"chat","kind":"llm_call","status":"completed",)"
                             R"("started_at":"2025-05-01T12:00:00Z","output":"rewritten"})"
                             "\n");
  CHECK(engine.dataset_rows_jsonl("ev", 100, 0) == before);
  const std::string hash = json::parse(engine.show_dataset("ev").second)["rows_hash"];

  const auto renamed = engine.rename_dataset("ev", "ev-v1");
  CHECK(renamed.name == "ev-v1");
  CHECK(json::parse(engine.show_dataset("ev-v1").second)["rows_hash"] == hash);
  CHECK(code_of([&] { engine.show_dataset("ev"); }) == Errc::not_found);

  engine.create_dataset("picked", "collection");
  CHECK(engine.add_datapoints("picked", {"a", "b", "a"}) == 2);
  CHECK(engine.add_datapoints("picked", {"a"}) == 0);
  const auto picked = rows_of(engine, "picked");
  REQUIRE(picked.size() == 2);
  CHECK(picked[0]["source"] == "manual");
  CHECK(picked[0]["output"] == "rewritten");  // copied as the span is now
  std::string field;
  CHECK(code_of([&] { engine.add_datapoints("picked", {"zzz"}); }, &field) == Errc::not_found);
  CHECK(field == "span_ids");
  CHECK(code_of([&] { engine.add_datapoints("ev-v1", {"a"}); }, &field) == Errc::invalid_argument);

  CHECK(engine.delete_dataset("picked") == 2);
  CHECK(engine.datasets().size() == 1);
}

TEST_CASE("property: for random data and seeds, eval and training share nothing under every check", "[datasets]") {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    Engine engine(":memory:");
    test::import_jsonl(engine, test::random_spans_jsonl(100 + seed, 1500));
    engine.save_dataset(test::dataset_request(
        json{{"name", "ev"}, {"type", "eval"}, {"filter", "task:triage"}, {"limit", 150}, {"seed", seed}}.dump()));
    const auto tr = engine.save_dataset(test::dataset_request(
        json{{"name", "tr"}, {"type", "training"}, {"exclude", "ev"}, {"seed", seed * 7}, {"limit", 400}}.dump()));
    INFO("seed " << seed);
    CHECK(tr.rows <= 400);
    const auto eval_rows = rows_of(engine, "ev");
    const auto train_rows = rows_of(engine, "tr");
    CHECK(eval_rows.size() <= 150);
    std::set<std::string> eval_spans, eval_inputs, eval_groups;
    for (const auto& r : eval_rows) {
      eval_spans.insert(r["source_span_id"].get<std::string>());
      eval_inputs.insert(r["input"].dump());
    }
    auto groups = [&](const std::string& name) {
      std::vector<std::string> out;
      store::Statement st = engine.database().prepare(
          "SELECT 't' || trace_id, 's' || coalesce(session_id, '') FROM datapoint_content "
          "WHERE dataset_id = (SELECT id FROM datasets WHERE name = ?)");
      st.bind_text(1, name);
      while (st.step()) {
        out.emplace_back(st.column_text(0));
        if (st.column_text(1) != "s") out.emplace_back(st.column_text(1));
      }
      return out;
    };
    for (const auto& g : groups("ev")) eval_groups.insert(g);
    for (const auto& r : train_rows) {
      CHECK(eval_spans.count(r["source_span_id"].get<std::string>()) == 0);
      CHECK(eval_inputs.count(r["input"].dump()) == 0);
    }
    for (const auto& g : groups("tr")) CHECK(eval_groups.count(g) == 0);
    CHECK(tr.excluded.total() > 0);
    CHECK(tr.excluded.same_span + tr.excluded.same_input + tr.excluded.same_group + tr.excluded.near_duplicate ==
          tr.excluded.total());
  }
}

TEST_CASE("the same data and seed give the same rows natively and in wasm (pinned rows hashes)", "[datasets]") {
  // Recorded from the native build; the wasm run of this test must agree.
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(41, 2000));
  engine.save_dataset(
      test::dataset_request(R"({"name":"ev","type":"eval","filter":"env:production","limit":300,"seed":5})"));
  const auto tr = engine.save_dataset(
      test::dataset_request(R"({"name":"tr","type":"training","exclude":"ev","seed":9,"limit":500})"));
  INFO(report_json(tr));
  CHECK(json::parse(engine.show_dataset("ev").second)["rows_hash"] == "3158fb0e22b470fc");
  CHECK(json::parse(tr.recipe_json)["rows_hash"] == "a5fda152239a8110");
}

}  // namespace test_datasets
