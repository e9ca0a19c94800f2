#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/export/csv_writer.hpp"
#include "engine/export/hf_export.hpp"
#include "engine/export/jsonl_writer.hpp"
#include "engine/export/openai_chat.hpp"
#include "engine/timestamp.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_export_jsonl {

using namespace tracesift;
using namespace tracesift::exporter;
using nlohmann::json;

namespace {

// A datapoint that owns its strings; view() gives the ExportRow the writers take.
struct JsonlRow {
  int64_t id = 1;
  std::string dataset = "support-triage";
  std::optional<std::string> span_id = "c346479f0b5301f4";
  std::string source = "filter";
  std::optional<int64_t> rule_id;
  std::optional<std::string> trace_id = "2959567bf8ec89b654c99a841afe2805", session_id = "sess_8590b2af37bc37e1";
  std::optional<std::string> input, output, tools;
  int64_t created_ns = *parse_rfc3339("2025-05-02T00:03:48.865Z");
  std::string metadata = "{}";

  ExportRow view() const {
    ExportRow r;
    r.id = id;
    r.dataset = dataset;
    if (span_id) r.span_id = *span_id;
    r.source = source;
    r.rule_id = rule_id;
    if (trace_id) r.trace_id = *trace_id;
    if (session_id) r.session_id = *session_id;
    if (input) r.input_json = *input;
    if (output) r.output_json = *output;
    if (tools) r.tools_json = *tools;
    r.created_ns = created_ns;
    r.metadata_json = metadata;
    return r;
  }
};

// A support-agent span as bench/generate.mjs makes them (the datapoint of one llm_call).
JsonlRow support_row(int64_t id) {
  JsonlRow r;
  r.id = id;
  r.input =
      R"([{"role":"system","content":"You are Acme Store's support assistant. Look up orders with the tools, then resolve the issue or route it to a team."},)"
      R"({"role":"user","content":"The travel backpack from order 957780 arrived missing a part. Can I get a replacement?"},)"
      R"({"role":"assistant","content":"One moment, I'll look that up.","tool_calls":[{"id":"call_5034cb1e8398cead","type":"function","function":{"name":"refund_order","arguments":"{\"order_id\":\"957780\",\"amount\":\"$94.83\"}"}}]},)"
      R"({"role":"tool","tool_call_id":"call_5034cb1e8398cead","content":"{\"refund_id\":\"re_9770669\",\"status\":\"pending\"}"}])";
  r.output =
      R"([{"role":"assistant","content":"I've issued a refund of $94.83 to your PayPal account; it usually appears within 2 business days."}])";
  r.metadata =
      R"({"name":"chat claude-sonnet-4-5","kind":"llm_call","status":"completed","model":"claude-sonnet-4-5","provider":"anthropic","environment":"production","task":"support-triage","user_id":"user_0087","input_tokens":138,"output_tokens":27,"cost_usd":0.000819,"started_ns":1746144228865000000,"ended_ns":1746144229772000000})";
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// A sink that counts its chunks and checks none is empty.
struct ChunkSink : ByteSink {
  std::string text;
  int64_t chunks = 0;
  void write(std::string_view bytes) override {
    CHECK(!bytes.empty());
    text.append(bytes);
    ++chunks;
  }
};

}  // namespace

TEST_CASE("jsonl: one datapoint record a line, stored JSON copied through byte for byte", "[export][jsonl]") {
  JsonlRow r = support_row(7);
  r.rule_id = 3;
  JsonlWriter writer;
  StringSink sink;
  writer.begin(sink);
  writer.row(r.view());
  writer.end();
  REQUIRE(writer.rows_written() == 1);
  CHECK(writer.rejected().empty());
  CHECK(sink.chunks == 1);
  REQUIRE(sink.text.back() == '\n');
  const auto lines = lines_of(sink.text);
  REQUIRE(lines.size() == 1);
  const json j = json::parse(lines[0]);
  const std::vector<std::string> keys = {"id",       "dataset",    "span_id", "source", "source_span_id", "rule_id",
                                         "trace_id", "session_id", "input",   "output", "created_at",     "metadata"};
  size_t at = 0;
  for (const auto& k : keys) {  // in this order
    at = lines[0].find("\"" + k + "\":", at);
    CHECK(at != std::string::npos);
  }
  CHECK(
      lines[0].rfind(R"({"id":7,"dataset":"support-triage","span_id":"c346479f0b5301f4","source":"filter",)"
                     R"("source_span_id":"c346479f0b5301f4","rule_id":3,"trace_id":"2959567bf8ec89b654c99a841afe2805",)"
                     R"("session_id":"sess_8590b2af37bc37e1","input":)",
                     0) == 0);
  CHECK(j.size() == keys.size());
  for (const auto& k : keys) CHECK(j.contains(k));
  CHECK(lines[0].find(",\"input\":" + *r.input + ",\"output\":" + *r.output + ",") != std::string::npos);
  CHECK(j["created_at"] == "2025-05-02T00:03:48.865Z");
  CHECK(j["metadata"] == json::parse(r.metadata));
  CHECK(j["input"] == json::parse(*r.input));
}

TEST_CASE("jsonl: missing values are null, names are escaped, multi-line stored JSON is put on one line",
          "[export][jsonl]") {
  JsonlRow r;
  r.id = 12;
  r.dataset = "golden \"set\"\n2";
  r.span_id.reset();
  r.trace_id.reset();
  r.session_id.reset();
  r.source = "manual";
  r.input = "{\n  \"query\": \"refund policy\",\r\n  \"top_k\": 5\n}";
  r.metadata = "";
  JsonlWriter writer;
  StringSink sink;
  writer.begin(sink);
  writer.row(r.view());
  writer.end();
  const auto lines = lines_of(sink.text);
  REQUIRE(lines.size() == 1);
  const json j = json::parse(lines[0]);
  CHECK(j["dataset"] == "golden \"set\"\n2");
  CHECK(j["span_id"].is_null());
  CHECK(j["source_span_id"].is_null());
  CHECK(j["rule_id"].is_null());
  CHECK(j["trace_id"].is_null());
  CHECK(j["output"].is_null());
  CHECK(j["input"] == json{{"query", "refund policy"}, {"top_k", 5}});
  CHECK(j["metadata"] == json::object());
}

TEST_CASE("export: a sink fed in small chunks receives the same bytes as one fed once", "[export]") {
  std::vector<JsonlRow> rows;
  for (int64_t i = 1; i <= 300; ++i) {
    JsonlRow r = support_row(i);
    r.span_id = "span-" + std::to_string(i);
    if (i % 7 == 0) r.output = R"({"embedding":[0.1,0.2]})";  // rejected by openai-chat and hf
    if (i % 11 == 0) r.input = R"([{"role":"user","content":"a, \"quoted\"\nline — ünïcödé"}])";
    rows.push_back(r);
  }
  for (const std::string_view format : {"jsonl", "openai-chat", "csv"}) {
    INFO(format);
    auto once = make_row_writer(format);
    auto chunked = make_row_writer(format, 1000);
    CHECK(once->format() == format);
    ChunkSink a, b;
    once->begin(a);
    chunked->begin(b);
    for (const JsonlRow& r : rows) {
      once->row(r.view());
      chunked->row(r.view());
    }
    once->end();
    chunked->end();
    CHECK(a.chunks == 1);
    CHECK(b.chunks > 100);
    CHECK(a.text.size() > 100000);
    CHECK(a.text == b.text);
    CHECK(once->rows_written() == chunked->rows_written());
    CHECK(once->rejected() == chunked->rejected());
    CHECK(once->rows_written() + once->rejections().count() == 300);
  }
  // The hf writer, split by hash, with one sink per split.
  HfLayout layout;
  layout.holdout_fraction = 0.2;
  layout.seed = 42;
  HfWriter once(layout), chunked(layout, 1);
  ChunkSink train_a, val_a, train_b, val_b;
  once.begin({&train_a, &val_a, nullptr});
  chunked.begin({&train_b, &val_b, nullptr});
  for (const JsonlRow& r : rows) {
    once.row(r.view());
    chunked.row(r.view());
  }
  once.end();
  chunked.end();
  CHECK(train_a.text == train_b.text);
  CHECK(val_a.text == val_b.text);
  CHECK(train_b.chunks == once.rows(HfSplit::train));
  CHECK(val_b.chunks == once.rows(HfSplit::validation));
}

TEST_CASE("export: writers by format name, and the recipe file beside the data", "[export]") {
  CHECK(make_row_writer("jsonl")->format() == "jsonl");
  CHECK(make_row_writer("csv")->format() == "csv");
  CHECK(make_row_writer("openai-chat")->format() == "openai-chat");
  try {
    make_row_writer("parquet");
    FAIL("accepted an unknown format");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_argument);
    CHECK(e.field() == "format");
  }
  CHECK_THROWS_AS(make_row_writer("hf"), Error);

  RejectionList rejected;
  rejected.add(4, "the row has no input");
  rejected.add(9, "output is not messages (it is an object)");
  ExportSummary summary;
  summary.dataset = "support";
  summary.format = "hf";
  summary.rows = 98;
  summary.splits = {{"train", 90}, {"validation", 8}};
  summary.rejections = &rejected;
  summary.recipe_json = R"({"type":"training","seed":42})";
  const json j = json::parse(export_recipe_json(summary));
  CHECK(
      j ==
      json::parse(
          R"({"dataset":"support","format":"hf","rows":98,"splits":{"train":90,"validation":8},)"
          R"j("rejected":{"count":2,"rows":[{"id":4,"reason":"the row has no input"},{"id":9,"reason":"output is not messages (it is an object)"}]},)j"
          R"("recipe":{"type":"training","seed":42}})"));
  ExportSummary bare;
  bare.dataset = "c";
  bare.format = "jsonl";
  CHECK(json::parse(export_recipe_json(bare)) ==
        json::parse(R"({"dataset":"c","format":"jsonl","rows":0,"rejected":{"count":0,"rows":[]},"recipe":null})"));
}

TEST_CASE("export: a writer used before begin() fails loudly", "[export]") {
  JsonlWriter writer(1);
  CHECK_THROWS_AS(writer.row(support_row(1).view()), Error);
}

}  // namespace test_export_jsonl
