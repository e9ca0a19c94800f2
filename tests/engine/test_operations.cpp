// The engine's operation table: the declared operations by name, their arguments as JSON texts
// (refused with the field named), and a few calls through it end to end.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/operations/operations.hpp"
#include "engine/store/dataset_store.hpp"

#include "error_of.hpp"
#include "random_spans.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_operations {

using namespace tracesift;
using nlohmann::json;
using ops::OperationArgs;

std::string line(const std::string& id, const std::string& model) {
  return R"({"span_id":")" + id + R"(","trace_id":"t-)" + id + R"(","name":"chat","kind":"llm_call",)" +
         R"("status":"completed","model":")" + model +
         R"(","started_at":"2025-05-01T12:00:00Z","ended_at":"2025-05-01T12:00:02Z",)" +
         R"("input":[{"role":"user","content":"q-)" + id + R"("}],"output":[{"role":"assistant","content":"a"}]})" +
         "\n";
}

json call(Engine& engine, std::string_view name, std::vector<std::string> args = {}) {
  return json::parse(ops::call_operation(engine, name, OperationArgs(std::move(args))));
}

TEST_CASE("operations: every declared name is in the table once; an unknown one is refused", "[operations]") {
  const auto& names = ops::operation_names();
  CHECK(names.size() >= 30);
  for (const auto name : names) {
    CHECK(ops::find_operation(name) != nullptr);
    CHECK(std::count(names.begin(), names.end(), name) == 1);
  }
  CHECK(ops::find_operation("addRule") != nullptr);
  CHECK(ops::find_operation("ruleAdd") == nullptr);  // one name: the declared one
  Engine engine(":memory:");
  const Error unknown = test::thrown_error([&] { call(engine, "dropEverything"); });
  CHECK(unknown.code() == Errc::invalid_argument);
  CHECK(unknown.field() == "operation");
  CHECK(unknown.message() == "unknown operation 'dropEverything'");
}

TEST_CASE("operations: reads and a rule's life through the table", "[operations]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, line("a", "gpt-4o") + line("b", "gpt-4o") + line("c", "claude"));
  CHECK(call(engine, "count") == 3);                             // the filter not given: every span
  CHECK(call(engine, "count", {R"({"model":"claude"})"}) == 1);  // a filter object
  CHECK(call(engine, "count", {R"("model:gpt-4o")"}) == 2);      // query text
  CHECK(call(engine, "span", {R"("b")"})["span"]["model"] == "gpt-4o");
  CHECK(call(engine, "facets")["facets"]["model"].size() == 2);
  CHECK(call(engine, "stats", {"", R"({"bucket":"1h"})"})["buckets"].size() == 1);

  const json rule = call(engine, "addRule", {R"({"dataset":"d","name":"r","filter":{},"sample_rate":1})"});
  const std::string id = std::to_string(rule["id"].get<int64_t>());
  CHECK(call(engine, "listRules").size() == 1);
  CHECK(call(engine, "listRules", {R"("d")"}).size() == 1);
  CHECK(call(engine, "backfillRule", {id})["captured"] == 3);
  CHECK(call(engine, "updateRule", {id, R"({"sample_rate":0.5})"})["sample_rate"] == 0.5);
  CHECK(call(engine, "deleteRule", {id}) == json{{"deleted", rule["id"]}, {"removed", 0}, {"kept", 3}});
  CHECK(call(engine, "listDatasets")[0]["rows"] == 3);
  CHECK(call(engine, "renameDataset", {R"("d")", R"("e")"})["name"] == "e");
  CHECK(call(engine, "checkDatabase") == json{{"ok", true}, {"report", "ok"}});
  CHECK(call(engine, "databaseSize")["bytes"].get<int64_t>() > 0);
}

TEST_CASE("operations: mistyped or missing arguments are refused naming the field", "[operations]") {
  Engine engine(":memory:");
  const auto refused = [&](std::string_view name, std::vector<std::string> args) {
    return test::thrown_error([&] { call(engine, name, std::move(args)); });
  };
  // A string argument: required, and a string.
  CHECK(refused("span", {}).field() == "span_id");
  CHECK(refused("span", {}).message() == "span_id is required");
  CHECK(refused("showDataset", {"5"}).message() == "name must be a string, got 5");
  CHECK(refused("renameDataset", {R"("a")"}).field() == "new_name");
  // An id: a positive integer no larger than 2^53 - 1.
  for (const std::string bad : {"0", "-1", "1.5", R"("3")", "9007199254740992", "null", ""}) {
    const Error e = refused("deleteRule", {bad});
    CHECK(e.code() == Errc::invalid_argument);
    CHECK(e.field() == "id");
    CHECK(e.message() == "a rule id must be a positive integer");
  }
  CHECK(refused("showReviewItem", {"2.5"}).field() == "item");
  // Counts in a request object; unknown options named.
  CHECK(refused("listReviewItems", {R"("q")", R"({"limit":1.5})"}).message() ==
        "limit must be a non-negative integer, got 1.5");
  CHECK(refused("listReviewItems", {R"("q")", R"({"offset":-1})"}).field() == "offset");
  CHECK(refused("listReviewItems", {R"("q")", R"({"limt":5})"}).field() == "limt");
  CHECK(refused("listReviewItems", {R"("q")", "[]"}).code() == Errc::invalid_argument);
  // An output to edit must be given.
  CHECK(refused("editReviewItem", {"1", R"("me")"}).field() == "output");
  // A filter keeps the filter's own code and field.
  const Error filter = refused("count", {R"({"modle":"x"})"});
  CHECK(filter.code() == Errc::invalid_filter);
  CHECK(filter.field() == "modle");
}

TEST_CASE("operations: count_member reads whole non-negative numbers and falls back when missing", "[operations]") {
  CHECK(ops::count_member(json::object(), "limit", 100) == 100);
  CHECK(ops::count_member(json{{"limit", 7}}, "limit", 100) == 7);
  CHECK(ops::count_member(json{{"limit", 7.0}}, "limit", 100) == 7);
  CHECK(test::thrown_error([] {
          ops::count_member(json{{"limit", nullptr}}, "limit", 1);
        }).message() == "limit must be a non-negative integer, got null");
  CHECK(test::thrown_error([] { ops::count_member(json{{"limit", "5"}}, "limit", 1); }).field() == "limit");
}

TEST_CASE("operations: datapoints and review items page by cursor, as spans do", "[operations]") {
  Engine engine(":memory:");
  std::string lines;
  for (int i = 0; i < 7; ++i) lines += line("s" + std::to_string(i), "m");
  test::import_jsonl(engine, lines);
  call(engine, "addRule", {R"({"dataset":"d","name":"r","filter":{},"sample_rate":1})"});
  call(engine, "backfillRule", {"1"});

  // Datapoints: three pages of 3, 3 and 1, each continuing where the last stopped.
  std::vector<int64_t> ids;
  store::IdPage page{.limit = 3};
  int pages = 0;
  for (;; ++pages) {
    const store::DatapointPage got = engine.list_datapoints("d", page);
    for (size_t at = 0, nl; (nl = got.jsonl.find('\n', at)) != std::string::npos; at = nl + 1)
      ids.push_back(json::parse(got.jsonl.substr(at, nl - at))["id"].get<int64_t>());
    if (got.next_cursor.empty()) break;
    page.after_id = store::id_after_cursor("datapoints", got.next_cursor);
  }
  CHECK(pages == 2);
  REQUIRE(ids.size() == 7);
  for (size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] > ids[i - 1]);
  // A page that ends exactly at the last row says so.
  CHECK(engine.list_datapoints("d", {.limit = 7}).next_cursor.empty());
  CHECK(!engine.list_datapoints("d", {.limit = 6}).next_cursor.empty());

  // Review items through the operation: the same cursor rule; a datapoints cursor is refused.
  call(engine, "createReviewQueue", {R"({"name":"q","golden":"gold"})"});
  call(engine, "addReviewItems", {R"({"queue":"q","dataset":"d"})"});
  const json first = call(engine, "listReviewItems", {R"("q")", R"({"limit":4})"});
  REQUIRE(first["items"].size() == 4);
  const json rest =
      call(engine, "listReviewItems", {R"("q")", json{{"limit", 4}, {"cursor", first["nextCursor"]}}.dump()});
  CHECK(rest["items"].size() == 3);
  CHECK(rest["nextCursor"].is_null());
  CHECK(rest["items"][0]["id"].get<int64_t>() > first["items"][3]["id"].get<int64_t>());
  CHECK(call(engine, "listReviewItems", {R"("q")", R"({"cursor":null})"})["items"].size() == 7);
  const Error foreign = test::thrown_error([&] {
    call(engine, "listReviewItems", {R"("q")", json{{"cursor", store::id_cursor("datapoints", 1)}}.dump()});
  });
  CHECK(foreign.field() == "cursor");
  CHECK(test::thrown_error([] { ops::id_page_text(R"({"page":2})", "datapoints"); }).field() == "page");
  CHECK(test::thrown_error([] { store::id_after_cursor("datapoints", "datapoints:x"); }).field() == "cursor");
}

}  // namespace test_operations
