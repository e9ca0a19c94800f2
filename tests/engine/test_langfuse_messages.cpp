// Message recognition behind the Langfuse and request/response readers (engine/messages) and
// the forgiving field reads they share (json_fields).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/import/json_fields.hpp"
#include "engine/messages/messages.hpp"
#include "engine/timestamp.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_langfuse_messages {

using namespace tracesift;
using namespace tracesift::import;
using messages::canonical_tool_call;
using messages::chat_messages;
using messages::recognize_messages;
using nlohmann::json;
using Json = Json;

namespace {

json plain(const Json& v) {
  return json::parse(v.dump());
}

json messages_of(const char* text) {
  const auto conv = recognize_messages(Json::parse(text));
  REQUIRE(conv);
  return plain(conv->messages);
}

}  // namespace

TEST_CASE("langfuse and request-response messages: LangChain dict and serialised messages", "[langfuse][messages]") {
  CHECK(messages_of(R"([{"type":"human","content":"hi","name":null,"additional_kwargs":{}},
                        {"type":"ai","content":"","additional_kwargs":{"tool_calls":[{"id":"c1","type":"function",
                          "function":{"name":"search","arguments":{"q":"x"}}}],"refusal":null}},
                        {"type":"tool","content":"found","tool_call_id":"c1","name":"search"}])") ==
        json::parse(R"([{"role":"user","content":"hi"},
                        {"role":"assistant","content":"","tool_calls":[{"id":"c1","type":"function",
                          "function":{"name":"search","arguments":"{\"q\":\"x\"}"}}]},
                        {"role":"tool","content":"found","tool_call_id":"c1","name":"search"}])"));
  CHECK(messages_of(R"({"lc":1,"type":"constructor","id":["langchain_core","messages","AIMessage"],
                        "kwargs":{"content":"","tool_calls":[{"name":"get_weather","args":{"city":"SF"},"id":"call_1","type":"tool_call"}]}})") ==
        json::parse(R"([{"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function",
                          "function":{"name":"get_weather","arguments":"{\"city\":\"SF\"}"}}]}])"));
}

TEST_CASE("langfuse and request-response messages: OTel GenAI parts and Gemini contents", "[langfuse][messages]") {
  // Regression: the finish reason and other foreign keys stayed in the messages, and reasoning
  // parts were dropped; now the messages hold only canonical keys and reasoning is a part.
  const auto genai = recognize_messages(Json::parse(R"([{"role":"user","parts":[{"type":"text","content":"Weather?"}]},
                        {"role":"assistant","parts":[{"type":"tool_call","id":"t1","name":"w","arguments":{"c":"Oslo","a":1}}],"finish_reason":"tool_call"},
                        {"role":"tool","parts":[{"type":"tool_call_response","id":"t1","name":"w","response":{"temp":-3}}]},
                        {"role":"assistant","parts":[{"type":"reasoning","content":"hmm"},{"type":"text","content":"Cold."}]}])"));
  REQUIRE(genai);
  // Keys in canonical order; arguments in the source's key order.
  CHECK(
      genai->messages.dump() ==
      R"([{"role":"user","content":"Weather?"},)"
      R"({"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"w","arguments":"{\"c\":\"Oslo\",\"a\":1}"}}]},)"
      R"({"role":"tool","content":"{\"temp\":-3}","tool_call_id":"t1","name":"w"},)"
      R"({"role":"assistant","content":[{"type":"reasoning","text":"hmm"},{"type":"text","text":"Cold."}]}])");
  CHECK(genai->finish_reasons == std::vector<std::string>{"tool_call"});
  CHECK(plain(genai->dropped) == json::parse(R"([{"message":1,"finish_reason":"tool_call"}])"));

  auto gemini =
      recognize_messages(Json::parse(R"({"model":"gemini-2.0-flash","config":{"system_instruction":"Be kind."},
      "contents":[{"role":"user","parts":[{"text":"hi"}]},
                  {"role":"model","parts":[{"function_call":{"name":"say_hello","args":{}}}]},
                  {"role":"user","parts":[{"function_response":{"name":"say_hello","response":{"greeting":"Hello"}}}]}]})"));
  REQUIRE(gemini);
  // Calls without ids have none until the conversation is finished.
  CHECK(plain(gemini->messages) ==
        json::parse(R"([{"role":"system","content":"Be kind."},{"role":"user","content":"hi"},
      {"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"name":"say_hello","arguments":"{}"}}]},
      {"role":"tool","content":"{\"greeting\":\"Hello\"}","name":"say_hello"}])"));
  Json none;
  messages::assign_tool_call_ids(gemini->messages, none);
  const std::string id = messages::generated_call_id("say_hello", 0);
  CHECK(gemini->messages[2]["tool_calls"][0]["id"] == id);
  CHECK(gemini->messages[3].dump() ==
        R"({"role":"tool","content":"{\"greeting\":\"Hello\"}","tool_call_id":")" + id + R"(","name":"say_hello"})");
  CHECK(gemini->rest["model"] == "gemini-2.0-flash");
  CHECK(messages_of(R"({"contents":"What is Langfuse?"})") ==
        json::parse(R"([{"role":"user","content":"What is Langfuse?"}])"));
  const auto response =
      recognize_messages(Json::parse(R"({"candidates":[{"content":{"role":"model","parts":[{"text":"A"},{"text":"B"}]},
      "finish_reason":"STOP"}],"usage_metadata":{"prompt_token_count":3}})"));
  REQUIRE(response);
  CHECK(plain(response->messages) == json::parse(R"([{"role":"assistant","content":"A\nB"}])"));
  CHECK(response->rest["candidates"][0]["finish_reason"] == "STOP");
  CHECK(response->rest.contains("usage_metadata"));
}

TEST_CASE("langfuse and request-response messages: response bodies and Vercel tool calls", "[langfuse][messages]") {
  const auto chat = recognize_messages(Json::parse(R"({"id":"chatcmpl-1","choices":[{"index":0,"finish_reason":"stop",
      "message":{"role":"assistant","content":"Hi","refusal":null,"annotations":[]}}],"usage":{"total_tokens":5}})"));
  REQUIRE(chat);
  CHECK(plain(chat->messages) == json::parse(R"([{"role":"assistant","content":"Hi"}])"));
  CHECK(chat->rest["id"] == "chatcmpl-1");
  CHECK(chat->rest["choices"][0]["finish_reason"] == "stop");
  CHECK(messages_of(R"([{"toolCallId":"c1","toolName":"getWeather","input":{"location":"SF"}},
                        {"toolCallId":"c2","toolName":"getTime","args":{}}])") ==
        json::parse(R"([{"role":"assistant","content":null,"tool_calls":[
                          {"id":"c1","type":"function","function":{"name":"getWeather","arguments":"{\"location\":\"SF\"}"}},
                          {"id":"c2","type":"function","function":{"name":"getTime","arguments":"{}"}}]}])"));
  CHECK(
      messages_of(
          R"({"type":"message","role":"assistant","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn"})") ==
      json::parse(R"([{"role":"assistant","content":"ok"}])"));
  // Vercel AI SDK generateText input.
  CHECK(messages_of(R"({"system":"Be brief.","prompt":"Weather?"})") ==
        json::parse(R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Weather?"}])"));
}

TEST_CASE("langfuse and request-response messages: odd parts are kept, never read blindly", "[langfuse][messages]") {
  // Regression (found by fuzzing): a lone {"type": "text"} part without text read a missing key.
  CHECK(messages_of(R"([{"role":"user","content":[{"type":"text","foo":1}]}])") ==
        json::parse(R"([{"role":"user","content":[{"type":"text","foo":1}]}])"));
  const Json system = Json::parse(R"([{"type":"text","cache":1}])");
  const auto conv = chat_messages(Json::parse(R"([{"role":"user","content":"hi"}])"), &system);
  REQUIRE(conv);
  CHECK(plain(conv->messages[0]) == json::parse(R"({"role":"system","content":[{"type":"text","cache":1}]})"));
  const Json number = 7;
  CHECK(!chat_messages(Json::parse(R"([{"role":"user","content":"hi"}])"), &number));  // not text, not blocks
}

TEST_CASE("langfuse and request-response messages: values that hold no messages are not forced into them",
          "[langfuse][messages]") {
  for (const char* text :
       {R"([1,2])", R"([{"title":"a","href":"b"}])", R"({"query":"q"})", R"("hello")", R"([])",
        R"([{"role":"user","content":"a"},{"title":"x"}])", R"({"messages":["role='system' content='unterminated"]})",
        R"({"input":"just a string"})", R"({"prompt":"p","temperature":1})"}) {
    INFO(text);
    CHECK(!recognize_messages(Json::parse(text)));
  }
}

TEST_CASE("langfuse and request-response messages: canonical tool calls from every dialect", "[langfuse][messages]") {
  const json expected = json::parse(R"({"id":"i","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}})");
  for (const char* text : {R"({"id":"i","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}})",
                           R"({"id":"i","function":{"name":"f","arguments":{"a":1}}})",
                           R"({"id":"i","name":"f","args":{"a":1},"type":"tool_call"})",
                           R"({"type":"tool_use","id":"i","name":"f","input":{"a":1}})",
                           R"({"type":"tool_call","id":"i","name":"f","arguments":{"a":1}})",
                           R"({"type":"function_call","call_id":"i","id":"fc_9","name":"f","arguments":"{\"a\":1}"})",
                           R"({"toolCallId":"i","toolName":"f","input":{"a":1}})",
                           R"({"function_call":{"id":"i","name":"f","args":{"a":1}}})"}) {
    INFO(text);
    const auto call = canonical_tool_call(Json::parse(text));
    REQUIRE(call);
    CHECK(plain(*call) == expected);
  }
  CHECK(!canonical_tool_call(Json::parse(R"({"id":"i"})")));
}

TEST_CASE("langfuse and request-response json fields: times, counts and JSON held in strings",
          "[langfuse][json-fields]") {
  const int64_t t = *parse_rfc3339("2025-01-01T00:00:00Z");
  const auto time_value = [](const json& v) { return import::time_value(v, "t"); };
  CHECK(time_value(json(1735689600)) == t);                   // seconds
  CHECK(time_value(json(1735689600000)) == t);                // milliseconds
  CHECK(time_value(json(1735689600000000)) == t);             // microseconds
  CHECK(time_value(json(1735689600000000000)) == t);          // nanoseconds
  CHECK(time_value(json(1735689600.25)) == t + 250'000'000);  // fractional seconds
  CHECK(time_value(json("2025-01-01T00:00:00")) == t);        // no offset: UTC
  CHECK(time_value(json("2025-01-01 01:00:00+01:00")) == t);
  CHECK(!time_value(json("yesterday")));
  CHECK(!time_value(json(-5)));
  CHECK(!time_value(json(true)));

  CHECK(count_value(json(12)) == 12);
  CHECK(count_value(json(12.0)) == 12);
  CHECK(count_value(json("15")) == 15);
  CHECK(!count_value(json(-1)));
  CHECK(!count_value(json(1.5)));
  CHECK(!count_value(json("1e3")));
  CHECK(count_value(json(9007199254740991)) == 9007199254740991);
  CHECK(!count_value(json(9007199254740992)));
  CHECK(!count_value(json("99999999999999999999")));
  // A time that int64 nanoseconds cannot hold is a field error, whichever unit it is written in.
  for (const json& outside :
       {json(99999999999), json(99999999999999), json(99999999999999999), json(18446744073709551615ull), json(9.9e16),
        json("9999-12-31T00:00:00"), json("0001-01-01T00:00:00Z")}) {
    INFO(outside.dump());
    try {
      time_value(outside);
      FAIL_CHECK("accepted");
    } catch (const RecordError& e) {
      CHECK_THAT(e.message, Catch::StartsWith("field 't': ") && Catch::Contains("outside the times"));
    }
  }
  CHECK(time_value(json(9223372036)) == 9223372036000000000);
  CHECK(cost_value(json("0.25")) == 0.25);
  CHECK(!cost_value(json(-0.1)));

  CHECK(parse_embedded_json(json("\"Hello\"")) == "Hello");
  CHECK(parse_embedded_json(json("Hello")) == "Hello");
  CHECK(parse_embedded_json(json("\"[1,2]\"")) == tracesift::Json::parse("[1,2]"));  // JSON text of JSON text
  CHECK(parse_embedded_json(json("{'a': 1}")) == "{'a': 1}");                        // a Python repr is not JSON
  CHECK(deep_parse_json(json::parse(R"({"a":"{\"b\":\"[1]\"}","c":"42"})")) ==
        tracesift::Json::parse(R"({"a":{"b":[1]},"c":"42"})"));
  CHECK(compact(json("\xff")) == "\"\xEF\xBF\xBD\"");  // invalid UTF-8 replaced, never thrown
}

}  // namespace test_langfuse_messages
