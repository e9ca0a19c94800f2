// The OpenAI chat (fine-tuning JSONL) reader: the OpenAI cookbook's toy file, tool calls, and
// the errors a malformed record gets.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/import/format_reader.hpp"
#include "engine/import/json_fields.hpp"

#include "collecting_sink.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_openai_chat_reader {

using namespace tracesift;
using nlohmann::json;

namespace {

constexpr int64_t kImportTime = 1'750'000'000'123'000'000;

using CollectSink = test::CollectingSink;

std::string cookbook_file() {
  std::ifstream in(std::string(TRACESIFT_FIXTURES_DIR) + "/openai-cookbook/toy_chat_fine_tuning.jsonl");
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CollectSink read_lines(const std::string& text) {
  CollectSink sink;
  auto reader = import::make_openai_chat_reader();
  std::istringstream in(text);
  std::string line;
  uint64_t n = 0;
  while (std::getline(in, line)) {
    if (!line.empty()) reader->read_line(line, {"chat.jsonl", ++n, kImportTime}, sink);
  }
  return sink;
}

tracesift::import::MappedSpan only(const CollectSink& sink) {
  INFO((sink.errors.empty() ? "" : sink.errors[0]));
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.spans.size() == 1);
  return sink.spans[0];
}

std::string error_of(const std::string& line) {
  const auto sink = read_lines(line);
  CHECK(sink.spans.empty());
  REQUIRE(sink.errors.size() == 1);
  return sink.errors[0];
}

}  // namespace

TEST_CASE("openai-chat: the cookbook's toy fine-tuning file, defects included", "[openai-chat]") {
  const auto sink = read_lines(cookbook_file());
  CHECK(sink.errors.empty());
  REQUIRE(sink.spans.size() == 5);
  std::set<std::string> ids;
  for (const auto& m : sink.spans) {
    const Span& s = m.span;
    ids.insert(s.span_id);
    CHECK(s.span_id.size() == 16);
    CHECK(s.trace_id == s.span_id);
    CHECK(s.name == "chat");
    CHECK(s.kind == SpanKind::llm_call);
    CHECK(s.status == SpanStatus::completed);
    CHECK(!s.model);
    CHECK(!s.provider);
    CHECK(!s.input_tokens);
    CHECK(!s.cost_usd);
    CHECK(m.time_from_import);
    CHECK(s.started_ns == kImportTime);
    CHECK(!s.ended_ns);
    const json output = json::parse(*s.output_json);
    REQUIRE(output.size() == 1);
    CHECK(output[0]["role"] == "assistant");
    CHECK(s.attributes_json == "{}");
  }
  CHECK(ids.size() == 5);
  // Record 1: system, user -> assistant.
  CHECK(
      json::parse(*sink.spans[0].span.input_json) ==
      json::parse(R"([{"role":"system","content":"You are a happy assistant that puts a positive spin on everything."},
                        {"role":"user","content":"I fell off my bike today."}])"));
  CHECK(json::parse(*sink.spans[0].span.output_json)[0]["content"] ==
        "It's great that you're getting exercise outdoors!");
  // Record 2: a multi-turn conversation; only the last assistant message is the output.
  CHECK(json::parse(*sink.spans[1].span.input_json).size() == 8);
  // Record 3: no system message.
  CHECK(json::parse(*sink.spans[2].span.input_json)[0]["role"] == "user");
  // Record 4: no user message.
  const json input4 = json::parse(*sink.spans[3].span.input_json);
  REQUIRE(input4.size() == 1);
  CHECK(input4[0]["role"] == "system");
  // Record 5: a very long answer (2,000 x "Eat a banana! ").
  CHECK(json::parse(*sink.spans[4].span.output_json)[0]["content"].get<std::string>().size() == 26000);
}

TEST_CASE("openai-chat: importing the same file twice changes nothing", "[openai-chat]") {
  Engine engine(":memory:");
  const std::string text = cookbook_file();
  for (int round = 0; round < 2; ++round) {
    auto session =
        engine.begin_import({.file_name = "toy_chat_fine_tuning.jsonl", .import_time_ns = kImportTime + round});
    session->feed(text);
    const auto report = session->finish();
    CHECK(report.format == "openai-chat");  // detected from the first record
    CHECK(report.errors.empty());
    CHECK(report.counts.read == 5);
    CHECK(report.counts.imported == (round == 0 ? 5u : 0u));
    CHECK(report.counts.skipped == (round == 0 ? 0u : 5u));
  }
  CHECK(engine.count({}) == 5);
  const std::string line = engine.spans_jsonl({}, 1, 0);
  CHECK(json::parse(line.substr(0, line.find('\n')))["started_at"] == "2025-06-15T15:06:40.123Z");
}

TEST_CASE("openai-chat: tool calls, tools and other keys", "[openai-chat]") {
  const std::string line =
      R"({"messages":[{"role":"developer","content":"Use tools."},{"role":"user","content":"Weather in Paris?"},)"
      R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},)"
      R"({"role":"tool","tool_call_id":"call_1","content":"18C, cloudy"},)"
      R"({"role":"assistant","content":[{"type":"text","text":"It is 18C and cloudy."}],"weight":1}],)"
      R"("tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],)"
      R"("parallel_tool_calls":false,"model":"gpt-4o-mini","provider":"OpenAI","metadata":{"split":"train"}})";
  const auto m = only(read_lines(line));
  const Span& s = m.span;
  CHECK(s.name == "chat gpt-4o-mini");
  CHECK(s.model == "gpt-4o-mini");
  CHECK(s.provider == "openai");
  const json input = json::parse(*s.input_json);
  REQUIRE(input.size() == 4);
  CHECK(input[2]["tool_calls"][0]["function"]["arguments"] == "{\"city\":\"Paris\"}");
  CHECK(input[3]["tool_call_id"] == "call_1");
  // Canonical messages: the parts are text, and the training weight (not a canonical key) is
  // kept in attributes with its message's index.
  CHECK(json::parse(*s.output_json) == json::parse(R"([{"role":"assistant","content":"It is 18C and cloudy."}])"));
  CHECK(input[0]["role"] == "system");  // developer
  const json a = json::parse(s.attributes_json);
  CHECK(a["openai_chat.unconverted"] == json::parse(R"([{"message":0,"weight":1}])"));
  CHECK(a["tools"][0]["function"]["name"] == "get_weather");
  CHECK(a["parallel_tool_calls"] == false);
  CHECK(a["metadata"]["split"] == "train");
  CHECK(!a.contains("messages"));
  CHECK(!a.contains("model"));

  // The same record with its keys in another order is the same span, and the id is the hash of
  // the record's sorted JSON, as every earlier version computed it (a re-import finds it).
  const auto reordered = read_lines(json::parse(line).dump());
  CHECK(only(reordered).span.span_id == s.span_id);
  CHECK(s.span_id == import::stable_id(json::parse(line).dump()));
}

TEST_CASE("sorted_compact writes what a sorted parse's dump writes, without building it", "[openai-chat]") {
  for (const char* text : {
           R"({"b":1,"a":[{"z":null,"y":true,"x":false}],"c":{"é":"ü","e":"\u0001\n\t\"\\/"}})",
           R"({"n":[0,-1,1.5,1e300,-0.0,2.0,12345678901234567,18446744073709551615,3.141592653589793]})",
           R"({"":"empty key","B":"upper before lower","a":"x","aa":{},"ab":[]})",
           R"(["top-level array",{"k2":"v","k1":"w"}])",
           R"("a string")",
           R"(42)",
       }) {
    INFO(text);
    const auto ordered = Json::parse(text);
    CHECK(import::sorted_compact(ordered) == json::parse(text).dump());
  }
}

TEST_CASE("openai-chat: a record whose last message is not the assistant's has no output", "[openai-chat]") {
  const auto m = only(read_lines(R"({"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"}]})"));
  CHECK(!m.span.output_json);
  CHECK(json::parse(*m.span.input_json).size() == 2);
  CHECK_THAT(json::parse(m.span.attributes_json)["tracesift.note"].get<std::string>(),
             Catch::Contains("last message is not from the assistant"));
}

TEST_CASE("openai-chat: malformed records name the message and field", "[openai-chat]") {
  CHECK(error_of(R"({"messages":"hi"})") == "field 'messages': expected an array of messages, got \"hi\"");
  CHECK(error_of(R"({"messages":[]})") == "field 'messages': is empty");
  CHECK_THAT(error_of(R"({"prompt":"p","completion":"c"})"), Catch::StartsWith("field 'messages': is required"));
  CHECK(
      error_of(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"content":"c"}]})") ==
      "messages[2]: field 'role': is required");
  CHECK(error_of(R"({"messages":[{"role":"user","content":"a"},{"role":7,"content":"b"}]})") ==
        "messages[1]: field 'role': expected a string, got 7");
  CHECK_THAT(error_of(R"({"messages":[{"role":"robot","content":"a"}]})"),
             Catch::StartsWith("messages[0]: field 'role': unknown role 'robot'"));
  CHECK_THAT(error_of(R"({"messages":[{"role":"user","content":{"text":"a"}}]})"),
             Catch::StartsWith("messages[0]: field 'content': expected a string, an array of parts or null"));
  CHECK_THAT(error_of(R"({"messages":[{"role":"user"}]})"),
             Catch::StartsWith("messages[0]: field 'content': is required"));
  CHECK(error_of(R"({"messages":[{"role":"assistant","content":null,"tool_calls":{"id":"x"}}]})") ==
        "messages[0]: field 'tool_calls': expected an array, got {\"id\":\"x\"}");
  CHECK_THAT(error_of(R"({"messages":[{"role":"assistant","tool_calls":[{"id":"x","function":{"arguments":"{}"}}]}]})"),
             Catch::StartsWith("messages[0]: field 'tool_calls[0].function.name'"));
  CHECK_THAT(error_of(R"({"messages":["hello"]})"), Catch::StartsWith("messages[0]: expected a message object"));
  CHECK(error_of(R"({"messages":[{"role":"user","content":"a"}],"model":5})") ==
        "field 'model': expected a string, got 5");
}

TEST_CASE("openai-chat: a bad line among good ones is reported with its line", "[openai-chat]") {
  Engine engine(":memory:");
  auto session = engine.begin_import({.file_name = "train.jsonl", .format = "openai-chat"});
  session->feed(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})"
                "\n"
                R"({"messages":[{"role":"user","content":"a"},{"role":"bot","content":"b"}]})"
                "\n"
                R"({"messages":[{"role":"user","content":"c"},{"role":"assistant","content":"d"}]})"
                "\n");
  const auto report = session->finish();
  CHECK(report.counts.imported == 2);
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].line == 2);
  CHECK_THAT(report.errors[0].message, Catch::StartsWith("messages[1]: field 'role': unknown role 'bot'"));
}

}  // namespace test_openai_chat_reader
