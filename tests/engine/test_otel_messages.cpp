// Message conversion into the canonical chat form (engine/messages, its OpenTelemetry entry
// points) and the choice of message sources on a span (otel_messages).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/import/otel_attributes.hpp"
#include "engine/import/otel_messages.hpp"
#include "engine/messages/messages.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_otel_messages {

using namespace tracesift;
using namespace tracesift::import;
using namespace tracesift::messages;
using nlohmann::json;

namespace {

ChatMessages convert(const std::string& text, ChatSide side = ChatSide::input) {
  ChatMessages out;
  const json source = json::parse(text);
  REQUIRE(append_chat_messages(source, side, out));
  return out;
}

json as_json(const ChatJson& value) {
  return json::parse(value.dump());
}

struct Mapped {
  Span span;
  json remaining;
};

// Maps the messages of a flat attribute map; `remaining` is what stays in attributes.
Mapped map_messages(const json& flat) {
  OtelAttributes attributes;
  const tracesift::Json source = flat;  // the reader's JSON type (keys in source order)
  REQUIRE(flat_attributes(&source, "attributes", attributes).empty());
  Mapped m;
  map_otel_messages(attributes, m.span);
  m.remaining = json::parse(attributes.to_json().dump());
  return m;
}

}  // namespace

TEST_CASE("otel messages: GenAI parts with non-text parts keep a parts array", "[otel]") {
  // An image part becomes the OpenAI image_url part.
  const auto out = convert(R"([{"role":"user","parts":[
      {"type":"text","content":"What is in this picture?"},
      {"type":"uri","modality":"image","uri":"https://example.com/cat.png"}]}])");
  CHECK(out.lossless);
  CHECK(as_json(out.messages) == json::parse(R"([{"role":"user","content":[
      {"type":"text","text":"What is in this picture?"},
      {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}])"));
}

TEST_CASE("otel messages: several text parts are joined and finish reasons reported", "[otel]") {
  const auto out = convert(R"({"role":"assistant","parts":[{"type":"text","content":"a"},{"type":"text","content":"b"}],
                               "finish_reason":"stop"})",
                           ChatSide::output);
  CHECK(as_json(out.messages) == json::parse(R"([{"role":"assistant","content":"a\nb"}])"));
  CHECK(out.finish_reasons == std::vector<std::string>{"stop"});
}

TEST_CASE("otel messages: OpenAI, Anthropic and Vercel tool shapes", "[otel]") {
  const auto openai = convert(R"([{"role":"assistant","content":null,"tool_calls":[
      {"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},
      {"role":"tool","tool_call_id":"c1","content":"ok"}])");
  CHECK(openai.lossless);
  CHECK(as_json(openai.messages) == json::parse(R"([
      {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},
      {"role":"tool","content":"ok","tool_call_id":"c1"}])"));

  const auto anthropic = convert(R"([
      {"role":"assistant","content":[{"type":"text","text":"Looking."},{"type":"tool_use","id":"t1","name":"search","input":{"q":"x"}}]},
      {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"found"},{"type":"text","text":"thanks"}]}])");
  CHECK(anthropic.lossless);
  CHECK(as_json(anthropic.messages) == json::parse(R"([
      {"role":"assistant","content":"Looking.","tool_calls":[{"id":"t1","type":"function","function":{"name":"search","arguments":"{\"q\":\"x\"}"}}]},
      {"role":"tool","content":"found","tool_call_id":"t1"},
      {"role":"user","content":"thanks"}])"));

  const auto vercel = convert(R"([
      {"role":"assistant","content":[{"type":"tool-call","toolCallId":"v1","toolName":"weather","input":{"city":"Paris"}}]},
      {"role":"tool","content":[{"type":"tool-result","toolCallId":"v1","toolName":"weather","output":{"type":"text","value":"sunny"}}]}])");
  CHECK(vercel.lossless);
  CHECK(as_json(vercel.messages) == json::parse(R"([
      {"role":"assistant","content":null,"tool_calls":[{"id":"v1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]},
      {"role":"tool","content":"{\"type\":\"text\",\"value\":\"sunny\"}","tool_call_id":"v1","name":"weather"}])"));
}

TEST_CASE("otel messages: unknown message fields make the conversion lossy", "[otel]") {
  const auto out = convert(R"([{"role":"assistant","content":"hi","refusal":"no"}])");
  CHECK_FALSE(out.lossless);
  ChatMessages none;
  CHECK_FALSE(append_chat_messages(json::parse(R"([{"text":"not a message"}])"), ChatSide::input, none));
  CHECK_FALSE(append_chat_messages(json::parse(R"("just text")"), ChatSide::input, none));
  CHECK(none.messages.empty());
}

TEST_CASE("otel messages: system instructions as a string or parts", "[otel]") {
  bool lossless = true;
  auto msg = system_message(json::parse(R"([{"type":"text","content":"Be kind."}])"), lossless);
  REQUIRE(msg);
  CHECK(as_json(*msg) == json::parse(R"({"role":"system","content":"Be kind."})"));
  msg = system_message(json("Be brief."), lossless);
  REQUIRE(msg);
  CHECK(as_json(*msg) == json::parse(R"({"role":"system","content":"Be brief."})"));
  CHECK(lossless);
}

TEST_CASE("otel messages: sources on a span and what stays", "[otel]") {
  SECTION("input.value / output.value as plain text") {
    const auto m = map_messages(json{{"input.value", "hello"},
                                     {"input.mime_type", "text/plain"},
                                     {"output.value", "hi there"},
                                     {"output.mime_type", "text/plain"}});
    CHECK(m.span.input_json == std::optional<std::string>("\"hello\""));
    CHECK(m.span.output_json == std::optional<std::string>("\"hi there\""));
    CHECK(m.remaining == json::object());
  }
  SECTION("input.value JSON that is not messages stays a raw value") {
    const auto m =
        map_messages(json{{"input.value", R"({"query":"x","k":3})"}, {"input.mime_type", "application/json"}});
    CHECK(json::parse(*m.span.input_json) == json::parse(R"({"query":"x","k":3})"));
    CHECK(m.remaining == json::object());
  }
  SECTION("gen_ai.input.messages that is not JSON falls through to the next source") {
    const auto m = map_messages(json{{"gen_ai.input.messages", "not json ["}, {"input.value", "q"}});
    CHECK(m.span.input_json == std::optional<std::string>("\"q\""));
    CHECK(m.remaining == json{{"gen_ai.input.messages", "not json ["}});
  }
  SECTION("output messages keep their attribute when finish reasons would be lost") {
    const json flat = {{"gen_ai.output.messages", R"([{"role":"assistant","parts":[{"type":"text","content":"x"}],
                                                     "finish_reason":"length"}])"}};
    const auto m = map_messages(flat);
    CHECK(json::parse(*m.span.output_json) == json::parse(R"([{"role":"assistant","content":"x"}])"));
    CHECK(m.remaining.contains("gen_ai.output.messages"));
  }
  SECTION("OpenInference contents with an image; unknown keys stay") {
    const json flat = {{"llm.input_messages.0.message.role", "user"},
                       {"llm.input_messages.0.message.contents.0.message_content.type", "text"},
                       {"llm.input_messages.0.message.contents.0.message_content.text", "Describe"},
                       {"llm.input_messages.0.message.contents.1.message_content.type", "image"},
                       {"llm.input_messages.0.message.contents.1.message_content.image.image.url", "data:x"},
                       {"llm.input_messages.0.message.function_call_name", "legacy"},
                       {"llm.input_messages.10.message.role", "assistant"},
                       {"llm.input_messages.10.message.content", "later"},
                       {"llm.input_messages.2.message.role", "user"},
                       {"llm.input_messages.2.message.content", "earlier"}};
    const auto m = map_messages(flat);
    CHECK(json::parse(*m.span.input_json) == json::parse(R"([
        {"role":"user","content":[{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"data:x"}}]},
        {"role":"user","content":"earlier"},
        {"role":"assistant","content":"later"}])"));
    CHECK(m.remaining == json{{"llm.input_messages.0.message.function_call_name", "legacy"}});
  }
  SECTION("gen_ai.prompt.N with tool calls, older style") {
    const json flat = {{"gen_ai.completion.0.role", "assistant"},
                       {"gen_ai.completion.0.tool_calls.0.id", "call_1"},
                       {"gen_ai.completion.0.tool_calls.0.name", "lookup"},
                       {"gen_ai.completion.0.tool_calls.0.arguments", "{\"id\":7}"},
                       {"gen_ai.prompt.0.role", "user"},
                       {"gen_ai.prompt.0.content", "find 7"}};
    const auto m = map_messages(flat);
    CHECK(json::parse(*m.span.input_json) == json::parse(R"([{"role":"user","content":"find 7"}])"));
    CHECK(json::parse(*m.span.output_json) == json::parse(R"([{"role":"assistant","content":null,
        "tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"id\":7}"}}]}])"));
    CHECK(m.remaining == json::object());
  }
  SECTION("nothing recognisable leaves input and output null") {
    const auto m = map_messages(json{{"http.method", "GET"}});
    CHECK_FALSE(m.span.input_json);
    CHECK_FALSE(m.span.output_json);
  }
}

}  // namespace test_otel_messages
