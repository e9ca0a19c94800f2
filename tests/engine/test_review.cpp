// The review queue: the state machine (pending -> claimed -> completed), idempotent enqueue,
// claims and leases, edits that keep the original, approval into a golden collection (and its
// exports carrying the edited output), rejection, progress counts and errors naming the field.
#include <catch2/catch.hpp>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/review/review_json.hpp"
#include "engine_reads.hpp"
#include "error_of.hpp"
#include "random_spans.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_review {

using namespace tracesift;
using nlohmann::json;
using test::error_of;

namespace {

constexpr int64_t kSecond = 1'000'000'000;

std::string span(const std::string& id) {
  return R"({"span_id":")" + id +
         R"(","trace_id":"t","name":"chat","kind":"llm_call","status":"completed","model":"gpt-4o",)"
         R"("started_at":"2025-05-01T12:00:00Z","ended_at":"2025-05-01T12:00:02Z",)"
         R"("input":[{"role":"user","content":"q-)" +
         id + R"("}],"output":[{"role":"assistant","content":"a-)" + id + "\"}]}\n";
}

// An engine with a clock the test moves, spans s1..sN in collection "inbox" (manual datapoints).
struct Fixture {
  int64_t now = 1'746'100'000 * kSecond;
  Engine engine;
  explicit Fixture(int spans = 3) : engine(":memory:", options()) {
    std::string text;
    std::vector<std::string> ids;
    for (int i = 1; i <= spans; ++i) {
      text += span("s" + std::to_string(i));
      ids.push_back("s" + std::to_string(i));
    }
    if (spans > 0) test::import_jsonl(engine, text);  // (an empty file is refused)
    engine.create_dataset("inbox", "collection");
    engine.add_datapoints("inbox", ids);
  }
  EngineOptions options() {
    EngineOptions o;
    o.clock = [this] { return now; };
    return o;
  }
};

std::string pull(Engine& engine, const std::string& dataset, const std::string& format, const std::string& file) {
  auto exp = engine.begin_export(dataset, format);
  std::string out;
  exporter::ExportPiece piece;
  while (exp->next(piece))
    if (piece.file == file) out += piece.bytes;
  return out;
}

const std::string kEdited = R"([{"role":"assistant","content":"a better answer"}])";

}  // namespace

TEST_CASE("a queue is created with its golden collection, listed and deleted", "[review]") {
  Fixture f;
  const review::Queue q = f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  CHECK(q.golden_dataset == "gold");
  CHECK(q.lease_ns == review::kDefaultLeaseSeconds * kSecond);
  CHECK(f.engine.show_dataset("gold").first.type == "collection");
  CHECK(f.engine.review_queues().size() == 1);
  CHECK(error_of([&] { f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})")); }) ==
        std::pair{Errc::conflict, std::string("name")});
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  CHECK(f.engine.delete_review_queue("q") == 3);
  CHECK(f.engine.review_queues().empty());
  CHECK(f.engine.show_dataset("gold").first.name == "gold");  // the golden dataset stays
  CHECK(error_of([&] { f.engine.review_progress("q"); }) == std::pair{Errc::not_found, std::string("queue")});
}

TEST_CASE("queue requests are validated with errors naming the field", "[review]") {
  Fixture f;
  f.engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval"})"));
  auto create = [&](const std::string& text) {
    return error_of([&] { f.engine.create_review_queue(test::queue_request(text)); });
  };
  CHECK(create(R"({"name":"q","golden":"ev"})") == std::pair{Errc::invalid_argument, std::string("golden")});
  CHECK(create(R"({"golden":"g"})") == std::pair{Errc::invalid_argument, std::string("name")});
  CHECK(create(R"({"name":" ","golden":"g"})") == std::pair{Errc::invalid_argument, std::string("name")});
  CHECK(create(R"({"name":"q","golden":"g","lease_seconds":0})") ==
        std::pair{Errc::invalid_argument, std::string("lease_seconds")});
  CHECK(create(R"({"name":"q","golden":"g","colour":1})") == std::pair{Errc::invalid_argument, std::string("colour")});
  CHECK(create("[]").first == Errc::invalid_argument);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"g"})"));
  auto enqueue = [&](const std::string& text) {
    return error_of([&] { f.engine.review_enqueue(test::enqueue_request(text)); });
  };
  CHECK(enqueue(R"({"queue":"q"})") == std::pair{Errc::invalid_argument, std::string("dataset")});
  CHECK(enqueue(R"({"queue":"q","dataset":"inbox","rule_id":1})") ==
        std::pair{Errc::invalid_argument, std::string("dataset")});
  CHECK(enqueue(R"({"queue":"q","dataset":"nope"})").first == Errc::not_found);
  CHECK(enqueue(R"({"queue":"nope","dataset":"inbox"})") == std::pair{Errc::not_found, std::string("queue")});
  CHECK(enqueue(R"({"queue":"q","rule_id":99})") == std::pair{Errc::not_found, std::string("rule_id")});
  CHECK(enqueue(R"({"queue":"q","dataset":"g"})") == std::pair{Errc::invalid_argument, std::string("dataset")});
  CHECK(enqueue(R"({"queue":"q","dataset":"inbox","limit":-1})") ==
        std::pair{Errc::invalid_argument, std::string("limit")});
}

TEST_CASE("typed review requests get the checks their JSON gets", "[review]") {
  Fixture f;
  // Built in C++ (no JSON): the defaults are the JSON's defaults, and a request naming no source
  // is refused as the parsed one is.
  const review::Queue q = f.engine.create_review_queue({.name = "q", .golden = "g"});
  CHECK(q.lease_ns == review::kDefaultLeaseSeconds * 1'000'000'000);
  CHECK(error_of([&] { f.engine.review_enqueue({.queue = "q"}); }) ==
        std::pair{Errc::invalid_argument, std::string("dataset")});
  CHECK(error_of([&] { f.engine.review_enqueue({.queue = "q", .dataset = "inbox", .rule_id = 1}); }) ==
        std::pair{Errc::invalid_argument, std::string("dataset")});
  CHECK(f.engine.review_enqueue({.queue = "q", .dataset = "inbox"}).enqueued == 3);
}

TEST_CASE("enqueueing twice adds nothing, limit takes the oldest new datapoints", "[review]") {
  Fixture f(5);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  auto r = f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox","limit":2})"));
  CHECK((r.matched == 5 && r.enqueued == 2 && r.already == 0));
  r = f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox","limit":2})"));
  CHECK((r.matched == 5 && r.enqueued == 2 && r.already == 2));
  r = f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  CHECK((r.matched == 5 && r.enqueued == 1 && r.already == 4));
  r = f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  CHECK((r.enqueued == 0 && r.already == 5));
  const auto items = f.engine.review_items("q", "", {}).items;
  REQUIRE(items.size() == 5);
  for (size_t i = 1; i < items.size(); ++i) CHECK(items[i].datapoint_id > items[i - 1].datapoint_id);
  CHECK(f.engine.review_progress("q").pending == 5);
  CHECK(review::enqueue_json(r) == R"({"queue":"q","matched":5,"enqueued":0,"already":5})");
}

TEST_CASE("a capture rule's datapoints can be enqueued, even after the rule is deleted", "[review]") {
  Fixture f(0);
  const capture::Rule rule =
      f.engine.add_rule(test::rule(R"({"dataset":"cap","name":"all","filter":{},"sample_rate":1})"));
  test::import_jsonl(f.engine, span("a") + span("b"));
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  const std::string request = R"({"queue":"q","rule_id":)" + std::to_string(rule.id) + "}";
  CHECK(f.engine.review_enqueue(test::enqueue_request(request)).enqueued == 2);
  f.engine.delete_rule(rule.id);
  const auto again = f.engine.review_enqueue(test::enqueue_request(request));
  CHECK((again.matched == 2 && again.enqueued == 0 && again.already == 2));
}

TEST_CASE("next claims the oldest pending item and returns the reviewer's claim again", "[review]") {
  Fixture f;
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold","lease_seconds":60})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  const auto a = f.engine.review_next("q", "ann");
  REQUIRE(a);
  CHECK((a->state == "claimed" && a->reviewer == "ann" && a->claimed_ns == f.now));
  f.now += kSecond;
  CHECK(f.engine.review_next("q", "ann")->id == a->id);  // still hers
  const auto b = f.engine.review_next("q", "bob");
  REQUIRE(b);
  CHECK(b->id != a->id);
  // Bob cannot take Ann's claim while its lease runs, but can once it ran out.
  CHECK(error_of([&] { f.engine.review_claim(a->id, "bob"); }) == std::pair{Errc::conflict, std::string("item")});
  f.now += 60 * kSecond;
  const review::Item taken = f.engine.review_claim(a->id, "bob");
  CHECK((taken.reviewer == "bob" && taken.claimed_ns == f.now));
  CHECK(error_of([&] { f.engine.review_approve(a->id, "ann", std::nullopt); }) ==
        std::pair{Errc::conflict, std::string("reviewer")});
  const review::Progress p = f.engine.review_progress("q");
  CHECK((p.pending == 1 && p.claimed == 2 && p.total == 3));
}

TEST_CASE("a stale claim is handed out by next to another reviewer", "[review]") {
  Fixture f(1);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold","lease_seconds":10})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  const auto a = f.engine.review_next("q", "ann");
  REQUIRE(a);
  CHECK_FALSE(f.engine.review_next("q", "bob"));  // nothing free while Ann's lease runs
  f.now += 10 * kSecond;
  const auto b = f.engine.review_next("q", "bob");
  REQUIRE(b);
  CHECK((b->id == a->id && b->reviewer == "bob"));
}

TEST_CASE("release gives an item back, illegal transitions are conflicts", "[review]") {
  Fixture f(2);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  const int64_t id = f.engine.review_items("q", "pending", {.limit = 1}).items.at(0).id;
  CHECK(error_of([&] { f.engine.review_approve(id, "ann", std::nullopt); }) ==
        std::pair{Errc::conflict, std::string("item")});
  CHECK(error_of([&] { f.engine.review_edit(id, "ann", kEdited); }) == std::pair{Errc::conflict, std::string("item")});
  f.engine.review_claim(id, "ann");
  f.engine.review_edit(id, "ann", kEdited);
  CHECK(error_of([&] { f.engine.review_edit(id, "bob", kEdited); }) ==
        std::pair{Errc::conflict, std::string("reviewer")});
  CHECK(error_of([&] { f.engine.review_release(id, "bob"); }) == std::pair{Errc::conflict, std::string("reviewer")});
  const review::Item released = f.engine.review_release(id, "ann");
  CHECK((released.state == "pending" && !released.reviewer && !released.claimed_ns));
  CHECK(released.edited_output == kEdited);  // the draft stays
  f.engine.review_claim(id, "bob");
  f.engine.review_reject(id, "bob", std::string("off topic"));
  CHECK(error_of([&] { f.engine.review_claim(id, "bob"); }) == std::pair{Errc::conflict, std::string("item")});
  CHECK(error_of([&] { f.engine.review_reject(id, "bob", std::nullopt); }) ==
        std::pair{Errc::conflict, std::string("item")});
  CHECK(error_of([&] { f.engine.review_claim(999, "bob"); }) == std::pair{Errc::not_found, std::string("item")});
  CHECK(error_of([&] { f.engine.review_claim(id, ""); }) == std::pair{Errc::invalid_argument, std::string("reviewer")});
  CHECK(error_of([&] { f.engine.review_next("q", "\t"); }).second == "reviewer");
}

TEST_CASE("edits are validated messages and keep the datapoint's original output", "[review]") {
  Fixture f(1);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  const int64_t id = f.engine.review_next("q", "ann")->id;
  for (const char* bad : {"not json", "{}", "[]", "[1]", R"([{"content":"x"}])", R"([{"role":"","content":"x"}])",
                          R"([{"role":"assistant","content":3}])", R"([{"role":"assistant"}])",
                          R"([{"role":"assistant","content":null,"tool_calls":{}}])",
                          // Canonical messages only (the module's rules): a whole tool call, known
                          // roles and keys.
                          R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c"}]}])",
                          R"([{"role":"robot","content":"x"}])", R"([{"role":"assistant","content":"x","weight":1}])"})
    CHECK(error_of([&] { f.engine.review_edit(id, "ann", bad); }) ==
          std::pair{Errc::invalid_argument, std::string("output")});
  f.engine.review_edit(
      id, "ann",
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}])");
  f.engine.review_edit(id, "ann", "[ {\"role\": \"assistant\", \"content\": \"a better answer\"} ]");
  const auto [item, content] = f.engine.review_show(id);
  CHECK(item.edited_output == R"([{"role":"assistant","content":"a better answer"}])");
  CHECK(json::parse(content.output_json.value()) == json::parse(R"([{"role":"assistant","content":"a-s1"}])"));
  CHECK(content.dataset == "inbox");
  CHECK(test::dataset_rows(f.engine, "inbox").at(0)["output"][0]["content"] == "a-s1");
  const json shown = json::parse(review::item_detail_json(item, content));
  CHECK(shown["output"][0]["content"] == "a better answer");
  CHECK(shown["datapoint"]["output"][0]["content"] == "a-s1");
  CHECK(shown["datapoint"]["source_span_id"] == "s1");
  CHECK(shown["edited"] == true);
}

TEST_CASE("approve copies into the golden dataset with the edited output, exports carry it", "[review]") {
  Fixture f(3);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  // s1 edited and approved, s2 approved as is, s3 rejected.
  const int64_t first = f.engine.review_next("q", "ann")->id;
  f.engine.review_edit(first, "ann", kEdited);
  const review::Item approved = f.engine.review_approve(first, "ann", std::string("fixed tone"));
  CHECK((approved.state == "completed" && approved.outcome == "approved" && approved.note == "fixed tone"));
  CHECK((approved.completed_ns == f.now && approved.golden_datapoint_id));
  const int64_t second = f.engine.review_next("q", "ann")->id;
  f.engine.review_approve(second, "ann", std::nullopt);
  const int64_t third = f.engine.review_next("q", "ann")->id;
  const review::Item rejected = f.engine.review_reject(third, "ann", std::string("wrong"));
  CHECK((rejected.outcome == "rejected" && rejected.note == "wrong" && !rejected.golden_datapoint_id));
  CHECK_FALSE(f.engine.review_next("q", "ann"));

  const review::Progress p = f.engine.review_progress("q");
  CHECK((p.pending == 0 && p.claimed == 0 && p.approved == 2 && p.rejected == 1 && p.total == 3));
  CHECK(review::progress_json(p) == R"({"pending":0,"claimed":0,"approved":2,"rejected":1,"total":3})");

  const auto gold = test::dataset_rows(f.engine, "gold");
  REQUIRE(gold.size() == 2);
  CHECK(gold[0]["source"] == "review");
  CHECK(gold[0]["source_span_id"] == "s1");
  CHECK(gold[0]["input"][0]["content"] == "q-s1");
  CHECK(gold[0]["output"][0]["content"] == "a better answer");
  CHECK(gold[0]["id"] == *approved.golden_datapoint_id);
  CHECK(gold[1]["source_span_id"] == "s2");
  CHECK(gold[1]["output"][0]["content"] == "a-s2");
  CHECK(test::dataset_rows(f.engine, "inbox").at(0)["output"][0]["content"] == "a-s1");  // the original stays

  const std::string jsonl = pull(f.engine, "gold", "jsonl", "gold.jsonl");
  CHECK(jsonl.find("a better answer") != std::string::npos);
  CHECK(jsonl.find("a-s1") == std::string::npos);
  CHECK(jsonl.find("\"gpt-4o\"") != std::string::npos);  // metadata kept with the own copy
  const std::string chat = pull(f.engine, "gold", "openai-chat", "gold.openai-chat.jsonl");
  CHECK(chat.find("a better answer") != std::string::npos);
  CHECK(chat.find("a-s2") != std::string::npos);
  CHECK(chat.find("a-s1") == std::string::npos);
}

TEST_CASE("the golden copy reads the span as reviewed, even after the span changes", "[review]") {
  Fixture f(1);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  const int64_t id = f.engine.review_next("q", "ann")->id;
  f.engine.review_approve(id, "ann", std::nullopt);
  std::string changed = span("s1");
  changed.replace(changed.find("a-s1"), 4, "CHANGED");
  test::import_jsonl(f.engine, changed);
  CHECK(test::dataset_rows(f.engine, "gold").at(0)["output"][0]["content"] == "a-s1");
}

TEST_CASE("renaming the golden dataset keeps the queue approving into it", "[review]") {
  Fixture f(2);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  f.engine.review_approve(f.engine.review_next("q", "ann")->id, "ann", std::nullopt);
  f.engine.rename_dataset("gold", "gold-v2");
  CHECK(f.engine.review_queues().at(0).golden_dataset == "gold-v2");
  f.engine.review_approve(f.engine.review_next("q", "ann")->id, "ann", std::nullopt);
  CHECK(test::dataset_rows(f.engine, "gold-v2").size() == 2);
  CHECK(error_of([&] { f.engine.show_dataset("gold"); }).first == Errc::not_found);
}

TEST_CASE("approving recreates a deleted golden dataset, deleting a source dataset drops its items", "[review]") {
  Fixture f(2);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  f.engine.delete_dataset("gold");
  const int64_t id = f.engine.review_next("q", "ann")->id;
  f.engine.review_approve(id, "ann", std::nullopt);
  CHECK(test::dataset_rows(f.engine, "gold").size() == 1);
  f.engine.delete_dataset("inbox");
  const review::Progress p = f.engine.review_progress("q");
  CHECK((p.total == 0 && p.approved == 0));
  CHECK(test::dataset_rows(f.engine, "gold").size() == 1);  // the golden copy stays
}

TEST_CASE("a golden dataset that became a snapshot refuses approvals", "[review]") {
  Fixture f(1);
  f.engine.create_review_queue(test::queue_request(R"({"name":"q","golden":"gold"})"));
  f.engine.review_enqueue(test::enqueue_request(R"({"queue":"q","dataset":"inbox"})"));
  f.engine.delete_dataset("gold");
  f.engine.save_dataset(test::dataset_request(R"({"name":"gold","type":"eval"})"));
  const int64_t id = f.engine.review_next("q", "ann")->id;
  CHECK(error_of([&] { f.engine.review_approve(id, "ann", std::nullopt); }) ==
        std::pair{Errc::invalid_argument, std::string("golden")});
  CHECK(f.engine.review_show(id).first.state == "claimed");  // nothing changed
}

}  // namespace test_review
