// The canonical message module (engine/messages): reasoning parts, tool-call ids and pairing,
// key order, framework shapes (Koog, LangGraph JS, Agno, AutoGen) and the form's rules.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/messages/messages.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_messages {

using namespace tracesift::messages;
using tracesift::Json;

namespace {

// The canonical messages of `text` (input side) as compact JSON text, ids assigned.
std::string canonical(const char* text, ChatSide side = ChatSide::input) {
  auto conv = recognize_messages(Json::parse(text), side);
  REQUIRE(conv);
  Json none;
  if (side == ChatSide::input) {
    assign_tool_call_ids(conv->messages, none);
  } else {
    assign_tool_call_ids(none, conv->messages);
  }
  return conv->messages.dump();
}

}  // namespace

TEST_CASE("messages: generated call ids are FNV-1a 64 of name and index", "[messages]") {
  // Values computed independently from the definition (FNV-1a 64 over "<name>\n<n>").
  CHECK(generated_call_id("say_hello", 0) == "call_82ea533cac2facc1");
  CHECK(generated_call_id("get_weather", 1) == "call_1c66d3023a194431");
}

TEST_CASE("messages: Gemini calls without ids are paired by name and order", "[messages]") {
  Json input = Json::parse(R"([
      {"role":"model","parts":[{"functionCall":{"name":"a","args":{"z":1,"b":2}}},{"functionCall":{"name":"b","args":{}}},
                               {"functionCall":{"name":"a","args":{}}}]},
      {"role":"user","parts":[{"functionResponse":{"name":"a","response":{"r":1}}},{"functionResponse":{"name":"a","response":{"r":2}}},
                              {"functionResponse":{"name":"b","response":{"r":3}}},{"functionResponse":{"name":"c","response":{}}}]}])");
  auto conv = recognize_messages(input);
  REQUIRE(conv);
  Json none;
  assign_tool_call_ids(conv->messages, none);
  const Json& m = conv->messages;
  REQUIRE(m.size() == 5);
  const std::string a0 = generated_call_id("a", 0), b1 = generated_call_id("b", 1), a2 = generated_call_id("a", 2);
  CHECK(m[0]["tool_calls"][0]["id"] == a0);
  CHECK(m[0]["tool_calls"][1]["id"] == b1);
  CHECK(m[0]["tool_calls"][2]["id"] == a2);
  // Arguments in the source's key order.
  CHECK(m[0]["tool_calls"][0]["function"]["arguments"] == R"({"z":1,"b":2})");
  CHECK(m[1]["tool_call_id"] == a0);
  CHECK(m[2]["tool_call_id"] == a2);
  CHECK(m[3]["tool_call_id"] == b1);
  CHECK(m[4]["tool_call_id"].is_null());  // answers no call: null, never ""
  CHECK(m[4].dump() == R"({"role":"tool","content":"{}","tool_call_id":null,"name":"c"})");
}

TEST_CASE("messages: a result whose id names no call answers the one pending call", "[messages]") {
  const auto run = [](const char* text) {
    Json input = Json::parse(text);
    Json none;
    assign_tool_call_ids(input, none);
    return input;
  };
  // Google ADK (agentevals-adk-otlp v2_event_only/S2.json): the call get_weather_1 answered as
  // get_weather_0.
  Json m = run(R"([{"role":"user","content":"Paris?"},
      {"role":"assistant","content":"Let me look that up.","tool_calls":[{"id":"get_weather_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
      {"role":"tool","content":"sunny","tool_call_id":"get_weather_0"}])");
  CHECK(m[2]["tool_call_id"] == "get_weather_1");

  // Two calls pending: which one it answers is unknown, so the id stays (the export says why).
  m = run(
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"a1","type":"function","function":{"name":"a","arguments":"{}"}},
                                                      {"id":"b1","type":"function","function":{"name":"b","arguments":"{}"}}]},
      {"role":"tool","content":"x","tool_call_id":"zz"}])");
  CHECK(m[1]["tool_call_id"] == "zz");
  // ... unless its function name picks one of them.
  m = run(
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"a1","type":"function","function":{"name":"a","arguments":"{}"}},
                                                      {"id":"b1","type":"function","function":{"name":"b","arguments":"{}"}}]},
      {"role":"tool","content":"x","tool_call_id":"zz","name":"b"}])");
  CHECK(m[1]["tool_call_id"] == "b1");
  // A second result for a call answered already names a known call: it stays a second answer.
  m = run(
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"a1","type":"function","function":{"name":"a","arguments":"{}"}},
                                                      {"id":"a2","type":"function","function":{"name":"a","arguments":"{}"}}]},
      {"role":"tool","content":"x","tool_call_id":"a1"},{"role":"tool","content":"y","tool_call_id":"a1"}])");
  CHECK(m[2]["tool_call_id"] == "a1");
  // No call pending (the call was kept by the server, Microsoft Agent Framework): unchanged.
  m = run(R"([{"role":"tool","content":"x","tool_call_id":"call_9"}])");
  CHECK(m[0]["tool_call_id"] == "call_9");
}

TEST_CASE("messages: ids count across input and output, and source ids are kept", "[messages]") {
  Json input = Json::parse(
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"","type":"function","function":{"name":"f","arguments":"{}"}}]}])");
  Json output = Json::parse(
      R"([{"role":"assistant","tool_calls":[{"id":"keep","type":"function","function":{"name":"f","arguments":"{}"}},
                                                              {"type":"function","function":{"name":"f","arguments":"{}"}}]}])");
  assign_tool_call_ids(input, output);
  CHECK(input[0]["tool_calls"][0]["id"] == generated_call_id("f", 0));
  CHECK(output[0]["tool_calls"][0]["id"] == "keep");
  CHECK(output[0]["tool_calls"][1]["id"] == generated_call_id("f", 1));
  CHECK(output[0]["tool_calls"][1].dump().rfind(R"({"id":)", 0) == 0);  // "id" first
}

TEST_CASE("messages: reasoning parts, and opaque blobs never become text", "[messages]") {
  // Anthropic thinking, redacted thinking and signature-only thinking.
  CHECK(
      canonical(R"([{"role":"assistant","content":[{"type":"thinking","thinking":"Let me see.","signature":"c2ln"},
                       {"type":"redacted_thinking","data":"QkxPQg=="},{"type":"thinking","thinking":"","signature":"c2ln"},
                       {"type":"text","text":"4"}]}])") ==
      R"([{"role":"assistant","content":[{"type":"reasoning","text":"Let me see."},{"type":"reasoning","text":"","redacted":true},)"
      R"({"type":"reasoning","text":"","redacted":true},{"type":"text","text":"4"}]}])");
  // OpenAI Responses: a reasoning item belongs to the assistant turn after it.
  CHECK(
      canonical(R"({"object":"response","output":[
                       {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"ZW5j"},
                       {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi"}]},
                       {"type":"reasoning","id":"rs_2","summary":[{"type":"summary_text","text":"Call it."}]},
                       {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]})",
                ChatSide::output) ==
      R"([{"role":"assistant","content":[{"type":"reasoning","text":"","redacted":true},{"type":"text","text":"Hi"}]},)"
      R"({"role":"assistant","content":[{"type":"reasoning","text":"Call it."}],"tool_calls":[{"id":"c1","type":"function",)"
      R"("function":{"name":"f","arguments":"{}"}}]}])");
  // Microsoft.Extensions.AI TextReasoningContent with an empty text and ProtectedData; Gemini thought.
  CHECK(
      canonical(R"([{"role":"assistant","content":[{"$type":"reasoning","text":"","protectedData":"cHJvdA=="},
                       {"$type":"text","text":"ok"}]},
                      {"role":"model","parts":[{"text":"Hmm.","thought":true},{"text":"Yes."}]}])") ==
      R"([{"role":"assistant","content":[{"type":"reasoning","text":"","redacted":true},{"type":"text","text":"ok"}]},)"
      R"({"role":"assistant","content":[{"type":"reasoning","text":"Hmm."},{"type":"text","text":"Yes."}]}])");
  const auto conv = recognize_messages(
      Json::parse(R"([{"role":"assistant","content":[{"type":"redacted_thinking","data":"QkxPQg=="}]}])"));
  REQUIRE(conv);
  CHECK(conv->messages.dump().find("QkxPQg") == std::string::npos);
  CHECK_FALSE(conv->lossless);  // the blob stays in the source
}

TEST_CASE("messages: framework shapes (Koog, LangGraph JS, AutoGen, Agno)", "[messages]") {
  // Koog: an assistant's calls written as the JSON text of a "tool" message, results without ids.
  CHECK(
      canonical(R"([{"role":"user","content":"Hi"},
      {"role":"tool","content":"[{\"function\":{\"name\":\"Hello\",\"arguments\":\"{\\\"n\\\": \\\"Bob\\\"}\"},\"id\":\"call_1\",\"type\":\"function\"}]"},
      {"role":"tool","content":"Hello Bob"}])") ==
      R"([{"role":"user","content":"Hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",)"
      R"("function":{"name":"Hello","arguments":"{\"n\": \"Bob\"}"}}]},{"role":"tool","content":"Hello Bob","tool_call_id":"call_1"}])");
  // Koog output: one reply's parallel calls as one assistant message each -> one message.
  CHECK(
      canonical(
          R"([{"role":"assistant","content":"[{\"function\":{\"name\":\"A\",\"arguments\":\"{}\"},\"id\":\"c1\",\"type\":\"function\"}]","finish_reason":"tool_calls"},
                      {"role":"assistant","content":"[{\"function\":{\"name\":\"B\",\"arguments\":\"{}\"},\"id\":\"c2\",\"type\":\"function\"}]","finish_reason":"tool_calls"}])",
          ChatSide::output) ==
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"A","arguments":"{}"}},)"
      R"({"id":"c2","type":"function","function":{"name":"B","arguments":"{}"}}]}])");
  // LangGraph JS: the tool's name as the role of its result.
  CHECK(
      canonical(
          R"([{"role":"assistant","content":"","tool_calls":[{"id":"c9","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                      {"content":"Sunny","additional_kwargs":{},"role":"get_weather"}])") ==
      R"([{"role":"assistant","content":"","tool_calls":[{"id":"c9","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},)"
      R"({"role":"tool","content":"Sunny","tool_call_id":"c9","name":"get_weather"}])");
  // An unknown role that names no pending call stays as it is.
  CHECK(canonical(R"([{"role":"narrator","content":"Once"}])") == R"([{"role":"narrator","content":"Once"}])");
  // AutoGen / Agno through the Langfuse SDK: a "role: text" transcript.
  CHECK(canonical(R"("system: Be brief.\nAnswer in English.\nuser: Say hi\nassistant: None")") ==
        R"([{"role":"system","content":"Be brief.\nAnswer in English."},{"role":"user","content":"Say hi"},)"
        R"({"role":"assistant","content":null}])");
  CHECK(!recognize_messages(Json("system: x"), ChatSide::output));  // output text stays text
  CHECK(!recognize_messages(Json("The user: a person")));
  // Agno: Python reprs of its Message objects.
  CHECK(
      canonical(
          R"js({"messages":["role='user' content='It\\'s \\u00e9t\\xe9?' name=None tool_call_id=None metrics=MessageMetrics(input_tokens=0, time=None)",
      "role='assistant' content=None tool_calls=[{'id': 'call_7', 'function': {'arguments': '{\"q\":\"x\"}', 'name': 'search'}, 'type': 'function'}] stop_after_tool_call=False",
      "role='tool' content='found' tool_call_id='call_7' tool_name='search' created_at=1749650492"],"tools":[{"name":"search"}]})js") ==
      R"([{"role":"user","content":"It's été?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function",)"
      R"("function":{"name":"search","arguments":"{\"q\":\"x\"}"}}]},{"role":"tool","content":"found","tool_call_id":"call_7","name":"search"}])");
}

TEST_CASE("messages: only canonical keys, in canonical order", "[messages]") {
  const auto conv =
      recognize_messages(Json::parse(R"([{"name":"u1","content":"hi","role":"user","event.name":"gen_ai.user.message",
      "gen_ai.message.index":0,"gen_ai.system":"openai"}])"));
  REQUIRE(conv);
  CHECK(conv->messages.dump() == R"([{"role":"user","content":"hi","name":"u1"}])");
  CHECK_FALSE(conv->lossless);
  CHECK(conv->dropped.size() == 3);
  CHECK(conv->dropped[0].dump() == R"({"message":0,"event.name":"gen_ai.user.message"})");
  // Roles: developer -> system, function -> tool, upper case folded.
  CHECK(
      canonical(
          R"([{"role":"Developer","content":"a"},{"role":"HUMAN","content":"b"},{"role":"function","name":"f","content":"c"}])") ==
      R"([{"role":"system","content":"a"},{"role":"user","content":"b"},{"role":"tool","content":"c","tool_call_id":null,"name":"f"}])");
}

TEST_CASE("messages: the canonical form's rules", "[messages]") {
  CHECK(!canonical_messages_problem(Json::parse(R"([{"role":"user","content":"a"},
      {"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},
      {"role":"tool","content":"r","tool_call_id":"c"},{"role":"assistant","content":[{"type":"reasoning","text":"x"},{"type":"text","text":"y"}]}])")));
  const auto problem = [](const char* text) { return canonical_messages_problem(Json::parse(text)).value_or(""); };
  CHECK(problem(R"([])") == R"(must be a non-empty array of messages [{"role": ..., "content": ...}])");
  CHECK(problem(R"([{"role":"robot","content":"a"}])") ==
        R"(message 0 needs a "role" of system, user, assistant or tool)");
  CHECK(problem(R"([{"role":"user","content":"a","weight":1}])") ==
        R"(message 0 has the key "weight" (messages have role, content, tool_calls, tool_call_id, name))");
  CHECK(problem(R"([{"role":"user","content":null}])") == R"(message 0 has neither "content" nor "tool_calls")");
  CHECK(
      problem(
          R"([{"role":"assistant","content":null,"tool_calls":[{"id":"","type":"function","function":{"name":"f","arguments":"{}"}}]}])") ==
      "message 0.tool_calls[0].id must be a non-empty string");
  CHECK(
      problem(
          R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{}}}]}])") ==
      "message 0.tool_calls[0].function.arguments must be a string (JSON text)");
  CHECK(problem(R"([{"role":"user","content":"a","tool_call_id":"c"}])") ==
        R"(message 0: only tool messages have a "tool_call_id")");
  CHECK(problem(R"([{"role":"user","content":[{"text":"a"}]}])") ==
        R"(message 0: content[0] must be a part {"type": ...})");
}

TEST_CASE("messages: JSON text keeps its key order", "[messages]") {
  const auto v = parse_json_text(R"({"z":1,"a":{"y":2,"b":3},"z":4})");
  REQUIRE(v);
  CHECK(v->dump() == R"({"z":4,"a":{"y":2,"b":3}})");  // a repeated key: the last value, at the first place
  CHECK(!parse_json_text("{"));
}

}  // namespace test_messages
