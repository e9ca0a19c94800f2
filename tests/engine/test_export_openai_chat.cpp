#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "chat_lines.hpp"
#include "engine/export/openai_chat.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_export_openai_chat {

using namespace tracesift::exporter;
using nlohmann::json;

namespace {

// A datapoint that owns its strings; view() gives the ExportRow the writers take.
struct ChatRow {
  int64_t id = 1;
  std::optional<std::string> input, output, tools;
  std::string span_id = "c346479f0b5301f4";

  ExportRow view() const {
    ExportRow r;
    r.id = id;
    r.dataset = "support";
    r.span_id = span_id;
    r.source = "filter";
    r.created_ns = 1746144228865000000;
    if (input) r.input_json = *input;
    if (output) r.output_json = *output;
    if (tools) r.tools_json = *tools;
    return r;
  }
};

struct Exported {
  std::vector<std::string> lines;
  std::vector<Rejection> rejected;
  int64_t rejected_count = 0;
};

// Exports the rows; checks that every line written keeps the format's rules.
Exported export_rows(const std::vector<ChatRow>& rows) {
  OpenAiChatWriter writer;
  StringSink sink;
  writer.begin(sink);
  for (const ChatRow& r : rows) writer.row(r.view());
  writer.end();
  Exported e;
  e.lines = tracesift::test::checked_chat_lines(sink.text);
  CHECK(writer.rows_written() == static_cast<int64_t>(e.lines.size()));
  CHECK(sink.text.empty() == e.lines.empty());
  e.rejected = writer.rejected();
  e.rejected_count = writer.rejections().count();
  return e;
}

// The one line a single convertible row gives.
json convert_one(const ChatRow& row) {
  const Exported e = export_rows({row});
  if (!e.rejected.empty()) FAIL("rejected: " << e.rejected.front().reason);
  REQUIRE(e.lines.size() == 1);
  return json::parse(e.lines[0]);
}

// The reason a single row is rejected for.
std::string reason_for(const ChatRow& row) {
  const Exported e = export_rows({row});
  REQUIRE(e.lines.empty());
  REQUIRE(e.rejected.size() == 1);
  CHECK(e.rejected[0].id == row.id);
  return e.rejected[0].reason;
}

ChatRow row(std::string input, std::string output) {
  ChatRow r;
  r.input = std::move(input);
  r.output = std::move(output);
  return r;
}

// A real multi-turn support conversation with a tool call and its result (bench/generate.mjs data).
const std::string kSupportInput =
    R"([{"role":"system","content":"You are Acme Store's support assistant. Look up orders with the tools, then resolve the issue or route it to a team."},)"
    R"({"role":"user","content":"Hi, my order 332042 still hasn't arrived and the tracking page just says out for delivery."},)"
    R"({"role":"assistant","content":"Thanks for your patience, Yusuf. I checked order 332042: it is currently out for delivery and should reach you by May 10."},)"
    R"({"role":"user","content":"The travel backpack from order 957780 arrived missing a part. Can I get a replacement?"},)"
    R"({"role":"assistant","content":"One moment, I'll look that up.","tool_calls":[{"id":"call_5034cb1e8398cead","type":"function","function":{"name":"refund_order","arguments":"{\"order_id\":\"957780\",\"amount\":\"$94.83\"}"}}]},)"
    R"({"role":"tool","tool_call_id":"call_5034cb1e8398cead","content":"{\"refund_id\":\"re_9770669\",\"status\":\"pending\"}"}])";
const std::string kSupportOutput =
    R"([{"role":"assistant","content":"I've issued a refund of $94.83 to your PayPal account; it usually appears within 2 business days."}])";

}  // namespace

TEST_CASE("openai-chat: a multi-turn conversation with a paired tool call keeps every message, assistant last",
          "[export][openai-chat]") {
  const json line = convert_one(row(kSupportInput, kSupportOutput));
  const json messages = line["messages"];
  REQUIRE(messages.size() == 7);
  CHECK(messages[0] == json{{"role", "system"}, {"content", json::parse(kSupportInput)[0]["content"]}});
  CHECK(messages[4]["tool_calls"][0] == json::parse(kSupportInput)[4]["tool_calls"][0]);
  CHECK(messages[5] == json{{"role", "tool"},
                            {"content", R"({"refund_id":"re_9770669","status":"pending"})"},
                            {"tool_call_id", "call_5034cb1e8398cead"}});
  CHECK(messages[6]["role"] == "assistant");
  CHECK(!line.contains("tools"));
  // Everything the source said, in order: the input messages then the output's.
  json expected = json::parse(kSupportInput);
  expected.push_back(json::parse(kSupportOutput)[0]);
  CHECK(messages == expected);
}

TEST_CASE("openai-chat: the cookbook's fine-tuning file, split as the importer stores it, converts back unchanged",
          "[export][openai-chat]") {
  std::ifstream in(std::string(TRACESIFT_FIXTURES_DIR) + "/openai-cookbook/toy_chat_fine_tuning.jsonl");
  REQUIRE(in);
  std::vector<ChatRow> rows;
  std::vector<json> originals;
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty()) continue;
    const json record = json::parse(text);
    const json& messages = record["messages"];
    ChatRow r;
    r.id = static_cast<int64_t>(rows.size()) + 1;
    r.input = json(messages.begin(), messages.end() - 1).dump();
    r.output = json::array({messages.back()}).dump();
    rows.push_back(r);
    originals.push_back(record);
  }
  REQUIRE(rows.size() >= 3);
  const Exported e = export_rows(rows);
  CHECK(e.rejected.empty());
  REQUIRE(e.lines.size() == originals.size());
  for (size_t i = 0; i < originals.size(); ++i) CHECK(json::parse(e.lines[i]) == originals[i]);
}

TEST_CASE("openai-chat: real agent traces keep their tool calls, results and tool definitions",
          "[export][openai-chat]") {
  SECTION("openai-agents (OTel GenAI): the output holds the call, its result and the final reply") {
    ChatRow r = row(
        R"([{"content":"You are a helpful assistant.","role":"system"},{"content":"What's the weather in Tokyo?","role":"user"}])",
        R"([{"content":null,"role":"assistant","tool_calls":[{"function":{"arguments":"{\"location\":\"Tokyo, Japan\"}","name":"get_weather"},"id":"call_CwaJHuXTm9dmHFQPlVbqyzJ0","type":"function"}]},)"
        R"({"content":"{\"type\": \"function_result\", \"call_id\": \"call_CwaJHuXTm9dmHFQPlVbqyzJ0\", \"result\": \"The weather in Tokyo, Japan is stormy with a high of 23\\u00b0C.\"}","role":"tool","tool_call_id":"call_CwaJHuXTm9dmHFQPlVbqyzJ0"},)"
        R"({"content":"Current conditions in Tokyo, Japan: stormy, high around 23°C.","role":"assistant"}])");
    const auto tools = find_tool_definitions(
        R"({"gen_ai.operation.name":"invoke_agent","gen_ai.tool.definitions":"[{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather for a given location.\", \"parameters\": {\"properties\": {\"location\": {\"description\": \"The location to get the weather for.\", \"title\": \"Location\", \"type\": \"string\"}}, \"required\": [\"location\"], \"title\": \"get_weather_input\", \"type\": \"object\"}}}]"})");
    REQUIRE(tools);
    r.tools = *tools;
    const json line = convert_one(r);
    CHECK(line["messages"].size() == 5);
    CHECK(
        line["messages"][2] ==
        json::parse(
            R"({"role":"assistant","tool_calls":[{"id":"call_CwaJHuXTm9dmHFQPlVbqyzJ0","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Tokyo, Japan\"}"}}]})"));
    CHECK(line["messages"][3]["tool_call_id"] == "call_CwaJHuXTm9dmHFQPlVbqyzJ0");
    CHECK(line["messages"][4]["content"] == "Current conditions in Tokyo, Japan: stormy, high around 23°C.");
    CHECK(
        line["tools"] ==
        json::parse(
            R"([{"type":"function","function":{"name":"get_weather","description":"Get the weather for a given location.","parameters":{"properties":{"location":{"description":"The location to get the weather for.","title":"Location","type":"string"}},"required":["location"],"title":"get_weather_input","type":"object"}}}])"));
  }
  SECTION("LangGraph (Langfuse): the model's final tool call is the training target and needs no result") {
    ChatRow r = row(
        R"([{"content":"Be helpful!","role":"user"},{"content":"Search the web for 'example' and summarize.","role":"user"}])",
        R"([{"content":"","role":"assistant","tool_calls":[{"function":{"arguments":"{\"query\":\"example\"}","name":"Web-Search"},"id":"call_1oGK863sxQHlPreFhDdEs3yl","type":"function"}]}])");
    r.tools = find_tool_definitions(
        R"({"langfuse.input.extra":{"tools":[{"function":{"description":"Dummy web search tool.","name":"Web-Search","parameters":{"properties":{"query":{"type":"string"}},"required":["query"],"type":"object"}},"type":"function"}]}})");
    REQUIRE(r.tools);
    const json line = convert_one(r);
    CHECK(line["messages"].back()["tool_calls"][0]["function"]["name"] == "Web-Search");
    CHECK(line["messages"].back()["content"] == "");
    CHECK(line["tools"][0]["function"]["name"] == "Web-Search");
  }
  SECTION("LangGraph messages lose their framework keys (id, name, response_metadata, status)") {
    const json line = convert_one(row(
        R"([{"content":"What's the weather in San Francisco?","id":"44fe5ba2","role":"user"},{"content":"","id":"chatcmpl-CWIZ","name":"model","response_metadata":{"finish_reason":"tool_calls"},"role":"assistant","tool_calls":[{"function":{"arguments":"{\"city\":\"San Francisco\"}","name":"get_weather"},"id":"call_VEZJ","type":"function"}]},{"content":"It's always sunny in San Francisco!","name":"get_weather","role":"tool","status":"success","tool_call_id":"call_VEZJ"}])",
        R"([{"content":"It's always sunny in San Francisco!","role":"assistant"}])"));
    CHECK(line["messages"][0] == json{{"role", "user"}, {"content", "What's the weather in San Francisco?"}});
    CHECK(line["messages"][1].size() == 3);  // role, content, tool_calls
    CHECK(line["messages"][2] ==
          json{{"role", "tool"}, {"content", "It's always sunny in San Francisco!"}, {"tool_call_id", "call_VEZJ"}});
  }
}

TEST_CASE("openai-chat: roles and content are normalised where the meaning is kept", "[export][openai-chat]") {
  SECTION("developer becomes system; text parts are joined with newlines") {
    const json line = convert_one(row(
        R"([{"role":"developer","content":"Answer briefly."},{"role":"user","content":[{"type":"text","text":"Two parts:"},{"type":"input_text","text":"one and two"}]}])",
        R"([{"role":"assistant","content":[{"type":"output_text","text":"Done."}]}])"));
    CHECK(
        line["messages"] ==
        json::parse(
            R"([{"role":"system","content":"Answer briefly."},{"role":"user","content":"Two parts:\none and two"},{"role":"assistant","content":"Done."}])"));
  }
  SECTION("a plain-text output is the assistant's reply") {
    const json line = convert_one(row(R"([{"role":"user","content":"Summarise: ..."}])", R"("A summary.")"));
    CHECK(line["messages"].back() == json{{"role", "assistant"}, {"content", "A summary."}});
  }
  SECTION("tool call arguments kept as a JSON value become JSON text; a missing tool result content is empty") {
    const json line = convert_one(row(
        R"([{"role":"user","content":"Look up 42"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","function":{"name":"lookup","arguments":{"order":42}}}]},{"role":"tool","tool_call_id":"c1","content":null}])",
        R"([{"role":"assistant","content":"Order 42 shipped."}])"));
    CHECK(line["messages"][1]["tool_calls"][0] ==
          json::parse(R"({"id":"c1","type":"function","function":{"name":"lookup","arguments":"{\"order\":42}"}})"));
    CHECK(line["messages"][2]["content"] == "");
  }
  SECTION("parallel calls are answered in any order") {
    convert_one(row(
        R"([{"role":"user","content":"both"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]},{"role":"tool","tool_call_id":"b","content":"B"},{"role":"tool","tool_call_id":"a","content":"A"}])",
        R"([{"role":"assistant","content":"A and B"}])"));
  }
  SECTION("UTF-8 and escapes survive") {
    const json line = convert_one(row(R"([{"role":"user","content":"Grüße \"quoted\"\n\t🙂 \\ end"}])",
                                      R"([{"role":"assistant","content":"日本語"}])"));
    CHECK(line["messages"][0]["content"] == "Grüße \"quoted\"\n\t🙂 \\ end");
    CHECK(line["messages"][1]["content"] == "日本語");
  }
}

TEST_CASE("openai-chat: rows that cannot be converted are rejected with the reason", "[export][openai-chat]") {
  const std::string user = R"([{"role":"user","content":"hi"}])";
  const std::string reply = R"([{"role":"assistant","content":"hello"}])";

  SECTION("tool calls must be answered before the conversation goes on") {
    CHECK(
        reason_for(row(
            R"([{"role":"user","content":"Search the web for 'example' and summarize."},{"content":"","role":"assistant","tool_calls":[{"function":{"arguments":"{\"query\":\"example\"}","name":"Web-Search"},"id":"call_1oGK863sxQHlPreFhDdEs3yl","type":"function"}]}])",
            reply)) == "tool call 'call_1oGK863sxQHlPreFhDdEs3yl' (Web-Search) has no tool result before output[0]");
    CHECK(
        reason_for(row(
            R"([{"role":"user","content":"both"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":"A"},{"role":"user","content":"and?"}])",
            reply)) == "tool call 'b' (g) has no tool result before input[3]");
  }
  SECTION("a tool message needs the call it answers") {
    CHECK(
        reason_for(row(
            R"([{"content":"It's always sunny in San Francisco!","name":"get_weather","role":"tool","status":"success","tool_call_id":"call_VEZJ"}])",
            reply)) ==
        "input[0] answers tool call 'call_VEZJ', which no assistant message just before it made (or which was "
        "answered already)");
    // LlamaIndex (OpenInference) tool messages without ids.
    CHECK(
        reason_for(row(
            R"([{"content":"You are a nice and polite assistant.","role":"system"},{"content":"Greet Bob.","role":"user"},{"content":"Hello my darling Bob!","role":"tool"}])",
            reply)) == "input[2] is a tool message without a tool_call_id");
  }
  SECTION("images and other non-text parts") {
    CHECK(
        reason_for(row(
            R"([{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}])",
            reply)) ==
        "input[0].content[1] is a 'image_url' part, not text (the openai-chat export carries text only)");
    CHECK(reason_for(row(user, R"([{"role":"assistant","content":[{"type":"input_audio","input_audio":{}}]}])")) ==
          "output[0].content[0] is a 'input_audio' part, not text (the openai-chat export carries text only)");
    CHECK(reason_for(row(R"([{"role":"user","content":{"text":"hi"}}])", reply)) ==
          "input[0].content is an object, not text");
  }
  SECTION("input and output that are not messages") {
    CHECK(reason_for(row(R"({"query":"refund policy","top_k":5})", reply)) ==
          "input is not a messages array (it is an object)");
    CHECK(reason_for(row(R"("just text")", reply)) == "input is not a messages array (it is a string)");
    CHECK(reason_for(row("null", reply)) == "the row has no input");
    CHECK(reason_for(row("[]", reply)) == "input has no messages");
    CHECK(reason_for(row(user, R"({"embedding":[0.1,0.2]})")) == "output is not messages (it is an object)");
    CHECK(reason_for(row(user, "[]")) == "output has no messages (no assistant reply to train on)");
    CHECK(reason_for(row(user, "null")) == "the row has no output (no assistant reply to train on)");
    ChatRow no_output;
    no_output.input = user;
    CHECK(reason_for(no_output) == "the row has no output (no assistant reply to train on)");
    ChatRow no_input;
    no_input.output = reply;
    CHECK(reason_for(no_input) == "the row has no input");
    CHECK(reason_for(row(R"([1,2)", reply)) == "input is not valid JSON");
    CHECK(reason_for(row(R"(["hi"])", reply)) == "input[0] is not a message object (it is a string)");
  }
  SECTION("roles") {
    CHECK(
        reason_for(row(
            R"([{"content":"What's the weather?","role":"user"},{"content":"It's always sunny in San Francisco!","role":"get_weather"}])",
            reply)) == "input[1] has the role 'get_weather' (the format knows system, user, assistant, tool)");
    CHECK(reason_for(row(R"([{"role":"function","name":"f","content":"1"}])", reply)) ==
          "input[0] has the role 'function' (legacy function calling), which the export does not convert");
    CHECK(reason_for(row(R"([{"content":"hi"}])", reply)) == "input[0] has no role");
    CHECK(reason_for(row(R"([{"role":"user"}])", reply)) == "input[0] (user) has no content");
    CHECK(reason_for(row(user, R"([{"role":"assistant","content":null}])")) ==
          "output[0] is an assistant message with neither content nor tool calls");
  }
  SECTION("the assistant must speak last") {
    CHECK(reason_for(row(user, R"([{"content":"What's the weather in San Francisco?","role":"user"}])")) ==
          "the conversation ends with a 'user' message, not the assistant's reply (the format trains on the last "
          "assistant message)");
    CHECK(
        reason_for(row(
            R"([{"role":"user","content":"x"}])",
            R"([{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":"A"}])")) ==
        "the conversation ends with a 'tool' message, not the assistant's reply (the format trains on the last "
        "assistant message)");
  }
  SECTION("tool calls the format cannot hold") {
    // Google ADK gives its calls empty ids.
    CHECK(
        reason_for(row(
            user,
            R"([{"content":null,"role":"assistant","tool_calls":[{"function":{"arguments":"{}","name":"say_hello"},"id":"","type":"function"}]}])")) ==
        "output[0].tool_calls[0] has no id (no tool result could answer it)");
    CHECK(
        reason_for(row(
            user,
            R"([{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"search.web","arguments":"{}"}}]}])")) ==
        "output[0].tool_calls[0] calls 'search.web', not a valid function name (1 to 64 of a-z, A-Z, 0-9, _, -)");
    CHECK(reason_for(row(user, R"([{"role":"assistant","tool_calls":[{"id":"a","type":"custom","custom":{}}]}])")) ==
          "output[0].tool_calls[0] is a 'custom' call, not a function call");
    CHECK(
        reason_for(row(
            R"([{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":"A"}])",
            R"([{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}])")) ==
        "tool call id 'a' is used twice (again at output[0].tool_calls[0])");
  }
  SECTION("tool definitions that are not functions") {
    ChatRow r = row(user, reply);
    r.tools = R"([{"type":"web_search_20250305","name":"web_search"}])";
    CHECK(reason_for(r) == "tools[0] is a 'web_search_20250305' tool, not a function");
    r.tools = R"(["get_pun_suggestion"])";
    CHECK(reason_for(r) == "tools[0] is a string that is not a JSON function definition");
    r.tools = R"({"name":"f"})";
    CHECK(reason_for(r) == "tools is not an array (it is an object)");
  }
}

TEST_CASE("openai-chat: rejections are listed, counted and streamed, and the other rows still export",
          "[export][openai-chat]") {
  std::vector<ChatRow> rows;
  for (int64_t i = 1; i <= 1500; ++i) {
    ChatRow r = row(R"([{"role":"user","content":"hi"}])", R"([{"role":"assistant","content":"hello"}])");
    r.id = i;
    if (i % 3 != 0) r.output = R"({"embedding":[0.1]})";  // two rows in three cannot be converted
    rows.push_back(r);
  }
  OpenAiChatWriter writer;
  StringSink sink, rejected;
  writer.rejections().set_sink(&rejected);
  writer.begin(sink);
  for (const ChatRow& r : rows) writer.row(r.view());
  writer.end();
  CHECK(writer.rows_written() == 500);
  CHECK(writer.rejections().count() == 1000);
  CHECK(writer.rejected().size() == 1000);
  CHECK(writer.rejected()[1] == Rejection{2, "output is not messages (it is an object)"});

  std::istringstream lines(rejected.text);
  std::string line;
  int64_t n = 0;
  while (std::getline(lines, line)) {
    const json j = json::parse(line);
    CHECK(j["id"].get<int64_t>() % 3 != 0);
    CHECK(j["reason"] == "output is not messages (it is an object)");
    ++n;
  }
  CHECK(n == 1000);

  // Past kMaxListedRejections only the count (and the sink) grow.
  for (int64_t i = 0; i < 10; ++i) writer.rejections().add(5000 + i, "x");
  CHECK(writer.rejected().size() == kMaxListedRejections);
  CHECK(writer.rejections().count() == 1010);
}

TEST_CASE("openai-chat: tool definitions are found in every attribute shape the importers keep",
          "[export][openai-chat]") {
  const json get_weather = json::parse(
      R"({"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}})");
  const auto found = [](const std::string& attributes) -> json {
    const auto tools = find_tool_definitions(attributes);
    return tools ? json::parse(*tools) : json();
  };
  // openai-chat import ("tools"), request/response import ("request.tools").
  CHECK(
      found(
          R"({"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]})") ==
      json::array({get_weather}));
  CHECK(
      found(
          R"({"request.tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]})") ==
      json::array({get_weather}));
  // Anthropic request tools.
  CHECK(
      found(
          R"({"request.tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]})") ==
      json::array({get_weather}));
  // OpenInference, flattened (openai-agents through Langfuse), in index order.
  CHECK(
      found(
          R"({"llm.tools.1.tool.json_schema":"{\"type\": \"function\", \"function\": {\"name\": \"b\"}}","llm.tools.0.tool.json_schema":"{\"type\": \"function\", \"function\": {\"name\": \"a\", \"description\": null, \"parameters\": {\"type\": \"object\"}, \"strict\": true}}"})") ==
      json::parse(
          R"([{"type":"function","function":{"name":"a","parameters":{"type":"object"},"strict":true}},{"type":"function","function":{"name":"b"}}])"));
  // OpenInference llm.tools as a JSON string of {tool.name, tool.description} (BeeAI).
  CHECK(
      found(
          R"({"llm.tools":"[{\"tool.name\": \"Wikipedia\", \"tool.description\": \"Search factual information.\", \"tool.options\": \"null\"}]"})") ==
      json::parse(
          R"([{"type":"function","function":{"name":"Wikipedia","description":"Search factual information."}}])"));
  // Vercel AI SDK: a JSON string holding an array of JSON strings, with inputSchema.
  CHECK(
      found(
          R"({"ai.prompt.tools":"[\"{\\\"type\\\":\\\"function\\\",\\\"name\\\":\\\"getWeather\\\",\\\"description\\\":\\\"Get the weather in a location\\\",\\\"inputSchema\\\":{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"location\\\":{\\\"type\\\":\\\"string\\\"}},\\\"required\\\":[\\\"location\\\"]}}\"]"})") ==
      json::parse(
          R"([{"type":"function","function":{"name":"getWeather","description":"Get the weather in a location","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}])"));
  // Names only (agno), nothing, or not an object: no definitions.
  CHECK(find_tool_definitions(R"({"tools":["get_pun_suggestion","get_dad_joke_suggestion"]})") == std::nullopt);
  CHECK(find_tool_definitions(R"({"gen_ai.request.temperature":0.2})") == std::nullopt);
  CHECK(find_tool_definitions(R"({"tools":[]})") == std::nullopt);
  CHECK(find_tool_definitions("[]") == std::nullopt);
  CHECK(find_tool_definitions("not json") == std::nullopt);

  // ChatRow after row, one finder: the same list again, another list, none, a list it cannot read.
  ToolDefinitionFinder finder;
  const std::string a = R"({"tools":[{"type":"function","function":{"name":"a"}}],"x":1})";
  const std::string b = R"({"request.tools":[{"name":"b","input_schema":{"type":"object"}}]})";
  for (int round = 0; round < 2; ++round) {
    CHECK(json::parse(std::string(*finder.find(a)))[0]["function"]["name"] == "a");
    CHECK(json::parse(std::string(*finder.find(a)))[0]["function"]["name"] == "a");
    CHECK(json::parse(std::string(*finder.find(b)))[0]["function"]["name"] == "b");
    CHECK(finder.find(R"({"gen_ai.request.temperature":0.2})") == std::nullopt);
    CHECK(finder.find(R"({"tools":["a"]})") == std::nullopt);
  }
}

TEST_CASE("openai-chat: the line checker rejects each rule violation", "[export][openai-chat]") {
  const std::string ok = R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]})";
  CHECK(check_openai_chat_line(ok) == std::nullopt);
  CHECK(
      check_openai_chat_line(
          R"({"messages":[{"role":"system","content":"s"},{"role":"user","content":"u","name":"bob"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":"r"},{"role":"assistant","content":"done","weight":1}],"tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"},"strict":false}}],"parallel_tool_calls":false})") ==
      std::nullopt);
  // The final assistant message may call tools without results.
  CHECK(
      check_openai_chat_line(
          R"({"messages":[{"role":"user","content":"u"},{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}]})") ==
      std::nullopt);

  const std::vector<std::pair<std::string, std::string>> broken = {
      {"not json", "not valid JSON"},
      {R"([1])", "must be a JSON object"},
      {R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"x"}],"extra":1})",
       "unknown top-level key 'extra'"},
      {R"({"tools":[]})", "messages is missing"},
      {R"({"messages":[]})", "messages must be a non-empty array"},
      {R"({"messages":{"role":"user"}})", "messages must be a non-empty array"},
      {R"({"messages":["hi"]})", "messages[0] must be an object"},
      {R"({"messages":[{"role":"robot","content":"x"},{"role":"assistant","content":"x"}]})",
       "messages[0].role 'robot' is not system, user, assistant or tool"},
      {R"({"messages":[{"content":"x"},{"role":"assistant","content":"x"}]})", "messages[0].role must be a string"},
      {R"({"messages":[{"role":"user","content":"x","extra":1},{"role":"assistant","content":"x"}]})",
       "messages[0] has the unknown key 'extra'"},
      {R"({"messages":[{"role":"user","content":[{"type":"text","text":"x"}]},{"role":"assistant","content":"x"}]})",
       "messages[0].content must be a string"},
      {R"({"messages":[{"role":"user"},{"role":"assistant","content":"x"}]})", "messages[0] has no content"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant"}]})", "messages[1] has no content"},
      {R"({"messages":[{"role":"user","content":"x"}]})", "the last message must be the assistant's"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"},{"role":"user","content":"z"}]})",
       "the last message must be the assistant's"},
      {R"({"messages":[{"role":"user","content":"x","weight":1},{"role":"assistant","content":"y"}]})",
       "only assistant messages have a weight"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y","weight":2}]})",
       "weight must be 0 or 1"},
      {R"({"messages":[{"role":"user","content":"x","name":"a b"},{"role":"assistant","content":"y"}]})",
       "messages[0].name must be"},
      {R"({"messages":[{"role":"user","content":"x","tool_calls":[]},{"role":"assistant","content":"y"}]})",
       "only assistant messages have tool_calls"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[]}]})",
       "tool_calls must be a non-empty array"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","function":{"name":"f","arguments":"{}"}}]}]})",
       "tool_calls[0].type must be \"function\""},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"","type":"function","function":{"name":"f","arguments":"{}"}}]}]})",
       "tool_calls[0].id must be a non-empty string"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f.g","arguments":"{}"}}]}]})",
       "function.name must be a function name"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":{}}}]}]})",
       "function.arguments must be a string"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"user","content":"y"},{"role":"assistant","content":"z"}]})",
       "tool call 'a' is not answered before messages[2]"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"a","content":"r"},{"role":"assistant","content":"z"}]})",
       "messages[1] answers 'a', which is not a pending call"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","content":"r"},{"role":"assistant","content":"z"}]})",
       "messages[2] is a tool message without a tool_call_id"},
      {R"({"messages":[{"role":"user","content":"x","tool_call_id":"a"},{"role":"assistant","content":"z"}]})",
       "only tool messages have a tool_call_id"},
      {R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":"r"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}]})",
       "tool call id 'a' is used twice"},
      {ok.substr(0, ok.size() - 1) + R"(,"tools":[]})", "tools must be a non-empty array"},
      {ok.substr(0, ok.size() - 1) + R"(,"tools":[{"type":"function","function":{"description":"d"}}]})",
       "tools[0].function.name must be a function name"},
      {ok.substr(0, ok.size() - 1) + R"(,"tools":[{"type":"retrieval"}]})", "tools[0].type must be \"function\""},
      {ok.substr(0, ok.size() - 1) +
           R"(,"tools":[{"type":"function","function":{"name":"f"}},{"type":"function","function":{"name":"f"}}]})",
       "tools[1] defines 'f' a second time"},
      {ok.substr(0, ok.size() - 1) + R"(,"tools":[{"type":"function","function":{"name":"f","parameters":"{}"}}]})",
       "parameters must be a JSON schema object"},
      {ok.substr(0, ok.size() - 1) + R"(,"parallel_tool_calls":"yes"})", "parallel_tool_calls must be a boolean"},
      {R"({"messages":[{"role":"user","content":"a
b"},{"role":"assistant","content":"x"}]})",
       "must not contain a line break"},
      {"{\"messages\":[{\"role\":\"user\",\"content\":\"\xff\"},{\"role\":\"assistant\",\"content\":\"x\"}]}",
       "not valid JSON"},
  };
  for (const auto& [line, rule] : broken) {
    INFO(line);
    const auto why = check_openai_chat_line(line);
    REQUIRE(why.has_value());
    CHECK_THAT(*why, Catch::Contains(rule));
  }
}

}  // namespace test_export_openai_chat
