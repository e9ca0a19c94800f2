// The engine's JSON edge moved out of the bindings: engine options, the dataset create and add
// requests, an import's progress and report, and the results of list and delete operations.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/capture/capture_json.hpp"
#include "engine/dataset/dataset_request.hpp"
#include "engine/engine.hpp"
#include "engine/engine_options_json.hpp"
#include "engine/error.hpp"
#include "engine/import/import_json.hpp"
#include "engine/review/review_json.hpp"
#include "engine/store/dataset_store.hpp"

#include "error_of.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_operation_json {

using namespace tracesift;
using nlohmann::json;

TEST_CASE("engine options: every key read, unknown or mistyped ones and odd pragma words refused", "[api-json]") {
  const EngineOptions o = parse_engine_options(
      R"({"vfs":"unix-none","journal_mode":"WAL","synchronous":"OFF","page_size":4096,"cache_size_kib":2048,)"
      R"("import_batch_size":100,"lock_timeout_ms":250})");
  CHECK(o.vfs == "unix-none");
  CHECK(o.journal_mode == "WAL");
  CHECK(o.synchronous == "OFF");
  CHECK(o.page_size == 4096);
  CHECK(o.cache_size_kib == 2048);
  CHECK(o.import_batch_size == 100);
  CHECK(o.lock_timeout_ms == 250);
  CHECK(parse_engine_options("{}").synchronous == "NORMAL");

  const Error unknown = test::thrown_error([] { parse_engine_options(R"({"page_sise":4096})"); });
  CHECK(unknown.code() == Errc::invalid_argument);
  CHECK(unknown.field() == "page_sise");
  CHECK(test::thrown_error([] { parse_engine_options(R"({"page_size":"4096"})"); }).field() == "page_size");
  CHECK(test::thrown_error([] { parse_engine_options(R"({"lock_timeout_ms":-1})"); }).field() == "lock_timeout_ms");
  CHECK(test::thrown_error([] { parse_engine_options(R"({"journal_mode":"WAL; DROP TABLE spans"})"); }).message() ==
        "journal_mode and synchronous must be plain words");
  CHECK(test::thrown_error([] { parse_engine_options("[]"); }).message() == "engine options must be a JSON object");
  CHECK(test::thrown_error([] { parse_engine_options(std::string(300, '[') + std::string(300, ']')); }).code() ==
        Errc::invalid_argument);
}

TEST_CASE("dataset create and add requests: keys, types and the span id list checked", "[api-json]") {
  const auto created = dataset::parse_create_dataset_request(R"({"name":"picked","type":"eval"})");
  CHECK(created.name == "picked");
  CHECK(created.type == "eval");
  CHECK(dataset::parse_create_dataset_request(R"({"name":"c"})").type == "collection");
  CHECK(test::thrown_error([] { dataset::parse_create_dataset_request(R"({"name":"c","rows":3})"); }).field() ==
        "rows");
  CHECK(test::thrown_error([] { dataset::parse_create_dataset_request(R"({"name":7})"); }).message() ==
        "name must be a string");

  CHECK(dataset::parse_span_ids(R"(["a","b"])") == std::vector<std::string>{"a", "b"});
  CHECK(dataset::parse_span_ids("[]").empty());
  const Error not_list = test::thrown_error([] { dataset::parse_span_ids(R"({"ids":["a"]})"); });
  CHECK(not_list.field() == "span_ids");
  CHECK(not_list.message() == "span_ids must be a JSON array of span ids");
  CHECK(test::thrown_error([] { dataset::parse_span_ids(R"(["a",1])"); }).message() == "span_ids must hold strings");
}

TEST_CASE("an import's progress and report as JSON, in the documented shape", "[api-json]") {
  import::ImportReport r;
  r.format = "otlp";
  r.counts = {100, 4, 2, 1, 0, 1, 1};
  r.errors.push_back({"f.jsonl", 3, "invalid_field", "usage.input_tokens", "field 'usage.input_tokens': bad"});
  r.errors.push_back({"f.jsonl", 4, "invalid_json", "", "invalid JSON at byte 2: \xff"});
  CHECK(json::parse(import::progress_json(r.counts)) ==
        json::parse(R"({"bytes":100,"read":4,"imported":2,"updated":1,"skipped":0,"errors":1,"captured":1})"));
  const json report = json::parse(import::report_json(r));
  CHECK(report["format"] == "otlp");
  CHECK(report["error_count"] == 1);
  CHECK(report["cancelled"] == false);
  CHECK(report["errors"][0] ==
        json::parse(R"({"file":"f.jsonl","line":3,"code":"invalid_field",)"
                    R"("field":"usage.input_tokens","message":"field 'usage.input_tokens': bad"})"));
  CHECK(report["errors"][1]["field"].is_null());
  CHECK(report["errors"][1]["message"] == "invalid JSON at byte 2: \xEF\xBF\xBD");  // invalid UTF-8 replaced
}

TEST_CASE("list and delete results: arrays of the records, deletes name what went", "[api-json]") {
  Engine engine(":memory:");
  engine.create_dataset("b", "collection");
  engine.create_dataset("a \"quoted\"", "collection");
  const json datasets = json::parse(store::datasets_json(engine.datasets()));
  REQUIRE(datasets.size() == 2);
  CHECK(datasets[0]["type"] == "collection");
  CHECK(json::parse(store::datasets_json({})) == json::array());
  CHECK(json::parse(store::dataset_deleted_json("a \"quoted\"", 3)) ==
        json::parse(R"({"deleted":"a \"quoted\"","removed":3,"kept":0})"));
  CHECK(store::datapoints_added_json(2) == R"({"added":2})");

  const auto rule =
      engine.add_rule(test::rule(R"({"dataset":"b","name":"r","filter":{"model":"gpt-4o"},"sample_rate":1})"));
  const json rules = json::parse(capture::rules_json(engine.rules("")));
  REQUIRE(rules.size() == 1);
  CHECK(rules[0]["name"] == "r");
  CHECK(json::parse(capture::rule_deleted_json(rule.id, 5)) ==
        json::parse(R"({"deleted":)" + std::to_string(rule.id) + R"(,"removed":0,"kept":5})"));
  CHECK(capture::backfill_json({7, 3, 2, 1}) == R"({"rule_id":7,"matched":3,"sampled":2,"captured":1})");

  CHECK(json::parse(review::queues_json({})) == json::array());
  CHECK(json::parse(review::items_json({})) == json::array());
  CHECK(review::queue_deleted_json("q", 4) == R"({"deleted":"q","removed":4,"kept":0})");
}

}  // namespace test_operation_json
