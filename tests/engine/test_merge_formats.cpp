// The merge rule of docs/FORMAT.md ("Updates and merging") through every import format: a late
// `running` record changes nothing of a finished span; a finished record updates a running one;
// capture rules and the fact table see the merged span (checked against the SQL reference).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/import/format_reader.hpp"
#include "engine/store/span_store.hpp"
#include "engine_reads.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_merge_formats {

using namespace tracesift;
using nlohmann::json;

namespace {

// One span in two states: `running` (model-run, trace "run", 1 input token, attribute stage=run)
// and `finished` (model-fin, trace "fin", 10 + 5 tokens, output "done", stage=fin).
struct MergeCase {
  std::string format;           // the format of the finished record's file
  std::string finished;         // one record
  std::string running_format;   // the format of the running record's file
  std::string running;          // one record of the same span id
  std::string span_id;          // as stored
  bool finished_merges = true;  // false: the format's records are never merged (docs/FORMAT.md)
};

std::string native_running(const std::string& id) {
  return R"({"span_id":")" + id +
         R"(","trace_id":"run","name":"run name","kind":"llm_call","status":"running","model":"model-run",)"
         R"("input_tokens":1,"started_at":"2025-05-01T12:00:00Z","attributes":{"stage":"run"}})"
         "\n";
}

std::string otlp_record(const std::string& trace, bool ended, const std::string& attributes) {
  return R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":")" + trace +
         R"(","spanId":"00000000000000f1","name":")" + (ended ? "fin name" : "run name") +
         R"(","kind":3,"startTimeUnixNano":"1746100800000000000",)" +
         (ended ? R"("endTimeUnixNano":"1746100802000000000",)" : "") + R"("attributes":[)" + attributes + "]}]}]}]}\n";
}

std::string kv(const std::string& key, const std::string& value) {
  return R"({"key":")" + key + R"(","value":)" + value + "}";
}

const std::string kOtlpTraceFin = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1";
const std::string kOtlpTraceRun = "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0";

std::vector<MergeCase> merge_cases() {
  std::vector<MergeCase> cases;
  cases.push_back({"native",
                   R"({"span_id":"n1","trace_id":"fin","name":"fin name","kind":"llm_call","status":"completed",)"
                   R"("model":"model-fin","input_tokens":10,"output_tokens":5,"started_at":"2025-05-01T12:00:00Z",)"
                   R"("ended_at":"2025-05-01T12:00:02Z","output":[{"role":"assistant","content":"done"}],)"
                   R"("attributes":{"stage":"fin"}})"
                   "\n",
                   "native", native_running("n1"), "n1"});
  const std::string genai_fin = kv("gen_ai.request.model", R"({"stringValue":"model-fin"})") + "," +
                                kv("gen_ai.usage.input_tokens", R"({"intValue":"10"})") + "," +
                                kv("gen_ai.usage.output_tokens", R"({"intValue":5})") + "," +
                                kv("stage", R"({"stringValue":"fin"})") + "," +
                                kv("gen_ai.completion.0.role", R"({"stringValue":"assistant"})") + "," +
                                kv("gen_ai.completion.0.content", R"({"stringValue":"done"})");
  const std::string genai_run = kv("gen_ai.request.model", R"({"stringValue":"model-run"})") + "," +
                                kv("gen_ai.usage.input_tokens", R"({"intValue":1})") + "," +
                                kv("stage", R"({"stringValue":"run"})");
  cases.push_back({"otlp", otlp_record(kOtlpTraceFin, true, genai_fin), "otlp",
                   otlp_record(kOtlpTraceRun, false, genai_run), "00000000000000f1"});
  const std::string oi_fin = kv("openinference.span.kind", R"({"stringValue":"LLM"})") + "," +
                             kv("llm.model_name", R"({"stringValue":"model-fin"})") + "," +
                             kv("llm.token_count.prompt", R"({"intValue":10})") + "," +
                             kv("llm.token_count.completion", R"({"intValue":5})") + "," +
                             kv("stage", R"({"stringValue":"fin"})") + "," +
                             kv("llm.output_messages.0.message.role", R"({"stringValue":"assistant"})") + "," +
                             kv("llm.output_messages.0.message.content", R"({"stringValue":"done"})");
  const std::string oi_run = kv("openinference.span.kind", R"({"stringValue":"LLM"})") + "," +
                             kv("llm.model_name", R"({"stringValue":"model-run"})") + "," +
                             kv("llm.token_count.prompt", R"({"intValue":1})") + "," +
                             kv("stage", R"({"stringValue":"run"})");
  cases.push_back({"openinference", otlp_record(kOtlpTraceFin, true, oi_fin), "openinference",
                   otlp_record(kOtlpTraceRun, false, oi_run), "00000000000000f1"});
  cases.push_back(
      {"langfuse",
       R"({"id":"obs-1","traceId":"fin","type":"GENERATION","name":"fin name",)"
       R"("startTime":"2025-05-01T12:00:00Z","endTime":"2025-05-01T12:00:02Z","model":"model-fin",)"
       R"("usageDetails":{"input":10,"output":5},"output":[{"role":"assistant","content":"done"}],"stage":"fin"})"
       "\n",
       "langfuse",
       R"({"id":"obs-1","traceId":"run","type":"GENERATION","name":"run name",)"
       R"("startTime":"2025-05-01T12:00:00Z","model":"model-run","usageDetails":{"input":1},)"
       R"("stage":"run"})"
       "\n",
       "obs-1"});
  // Request/response records are always finished: the running record comes from a native file.
  cases.push_back(
      {"request-response",
       R"({"request":{"model":"model-fin","messages":[{"role":"user","content":"hi"}]},"response":{"id":"chatcmpl-1",)"
       R"("object":"chat.completion","created":1746100800,"model":"model-fin","choices":[{"index":0,"message":)"
       R"({"role":"assistant","content":"done"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,)"
       R"("completion_tokens":5}},"latency_ms":2000,"trace_id":"fin","stage":"fin"})"
       "\n",
       "native", native_running("chatcmpl-1"), "chatcmpl-1"});
  // OpenAI chat records have no time and no id: the id is derived from the content and such
  // records are never merged (inserted or skipped).
  const std::string chat =
      R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"done"}],"model":"model-fin"})";
  const std::string chat_id = import::stable_id(json::parse(chat).dump());
  cases.push_back({"openai-chat", chat + "\n", "native", native_running(chat_id), chat_id, false});
  return cases;
}

tracesift::import::ImportReport import_as(Engine& engine, const std::string& format, const std::string& text) {
  auto session = engine.begin_import({.file_name = format + ".jsonl", .format = format});
  session->feed(text);
  return session->finish();
}

json only_span(Engine& engine) {
  const std::string jsonl = engine.spans_jsonl({}, 10, 0);
  REQUIRE(jsonl.find('\n') == jsonl.size() - 1);  // exactly one span
  return json::parse(jsonl);
}

// The fact table's count of a query, checked against the SQL reference.
int64_t count(Engine& engine, const std::string& query) {
  const Filter f = engine.parse_filter(json(query).dump());
  store::SpanStore reference(engine.database());
  const int64_t n = engine.count(f);
  CHECK(n == reference.count_sql(f));
  return n;
}

void add_capture_rule(Engine& engine) {
  engine.add_rule(
      test::rule(R"({"dataset":"captured","name":"finished fin","filter":"model:model-fin","sample_rate":1})"));
}

}  // namespace

TEST_CASE("merge: a late running record changes nothing of a finished span, in every format", "[merge]") {
  for (const MergeCase& c : merge_cases()) {
    INFO("format " << c.format);
    Engine engine(":memory:");
    add_capture_rule(engine);
    const auto first = import_as(engine, c.format, c.finished);
    REQUIRE(first.errors.empty());
    CHECK(first.counts.imported == 1);
    CHECK(first.counts.captured == 1);
    const json before = only_span(engine);
    CHECK(before["span_id"] == c.span_id);
    CHECK(before["status"] == "completed");
    CHECK(before["model"] == "model-fin");

    const auto late = import_as(engine, c.running_format, c.running);
    REQUIRE(late.errors.empty());
    CHECK(late.counts.skipped == 1);
    CHECK(late.counts.updated == 0);
    CHECK(late.counts.captured == 0);
    CHECK(only_span(engine) == before);  // every field, attributes included

    CHECK(count(engine, "model:model-fin") == 1);
    CHECK(count(engine, "model:model-run") == 0);
    CHECK(count(engine, "status:running") == 0);
    CHECK(count(engine, "tokens<=1") == (c.format == "openai-chat" ? 1 : 0));
    CHECK(test::dataset_rows(engine, "captured").size() == 1);
  }
}

TEST_CASE("merge: a finished record updates a running span, in every format", "[merge]") {
  for (const MergeCase& c : merge_cases()) {
    INFO("format " << c.format);
    Engine engine(":memory:");
    add_capture_rule(engine);
    const auto first = import_as(engine, c.running_format, c.running);
    REQUIRE(first.errors.empty());
    CHECK(first.counts.imported == 1);
    CHECK(first.counts.captured == 0);
    CHECK(count(engine, "status:running") == 1);
    CHECK(count(engine, "model:model-run") == 1);

    const auto done = import_as(engine, c.format, c.finished);
    REQUIRE(done.errors.empty());
    const json span = only_span(engine);
    if (!c.finished_merges) {
      CHECK(done.counts.skipped == 1);
      CHECK(span["status"] == "running");
      CHECK(span["model"] == "model-run");
      CHECK(done.counts.captured == 0);
      continue;
    }
    CHECK(done.counts.updated == 1);
    CHECK(done.counts.captured == 1);
    CHECK(span["status"] == "completed");
    CHECK(span["model"] == "model-fin");
    CHECK(span["name"] != "run name");
    CHECK(span["trace_id"] != "run");
    CHECK(span["trace_id"] != kOtlpTraceRun);
    CHECK(span["input_tokens"] == 10);
    CHECK(span["output_tokens"] == 5);
    CHECK(span["started_at"] == "2025-05-01T12:00:00Z");
    CHECK(span["ended_at"] == "2025-05-01T12:00:02Z");
    CHECK(span["output"][0]["content"] == "done");
    CHECK(span["attributes"][c.format == "langfuse" ? "langfuse.stage" : "stage"] == "fin");

    CHECK(count(engine, "status:running") == 0);
    CHECK(count(engine, "status:completed") == 1);
    CHECK(count(engine, "model:model-run") == 0);
    CHECK(count(engine, "model:model-fin tokens>=15 duration>=2s") == 1);
    const auto rows = test::dataset_rows(engine, "captured");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["output"][0]["content"] == "done");
  }
}

TEST_CASE("merge: a later running record updates a running span; finished records update each other", "[merge]") {
  Engine engine(":memory:");
  const auto run = [](const std::string& model, const std::string& extra) {
    return R"({"span_id":"r1","trace_id":"t","name":"n","status":"running","model":")" + model +
           R"(","started_at":"2025-05-01T12:00:00Z")" + extra + "}\n";
  };
  CHECK(import_as(engine, "native", run("m1", R"(,"attributes":{"a":1})")).counts.imported == 1);
  const auto second = import_as(engine, "native", run("m2", R"(,"input_tokens":3,"attributes":{"b":2})"));
  CHECK(second.counts.updated == 1);
  json span = only_span(engine);
  CHECK(span["status"] == "running");
  CHECK(span["model"] == "m2");
  CHECK(span["input_tokens"] == 3);
  CHECK(span["attributes"] == json{{"a", 1}, {"b", 2}});
  CHECK(count(engine, "model:m2 status:running") == 1);

  // completed, then failed: the later finished record wins; a running one after both changes nothing.
  const std::string done = R"({"span_id":"r1","trace_id":"t","name":"n","status":"completed",)"
                           R"("started_at":"2025-05-01T12:00:00Z","ended_at":"2025-05-01T12:00:01Z"})"
                           "\n";
  const std::string failed = R"({"span_id":"r1","trace_id":"t","name":"n","status":"failed","error":"boom",)"
                             R"("started_at":"2025-05-01T12:00:00Z","ended_at":"2025-05-01T12:00:03Z"})"
                             "\n";
  CHECK(import_as(engine, "native", done).counts.updated == 1);
  CHECK(import_as(engine, "native", failed).counts.updated == 1);
  CHECK(import_as(engine, "native", run("m3", "")).counts.skipped == 1);
  span = only_span(engine);
  CHECK(span["status"] == "failed");
  CHECK(span["error"] == "boom");
  CHECK(span["ended_at"] == "2025-05-01T12:00:03Z");
  CHECK(span["model"] == "m2");
  CHECK(count(engine, "status:failed duration>=3s") == 1);
}

}  // namespace test_merge_formats
