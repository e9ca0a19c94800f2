#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <deque>
#include <string>
#include <vector>

#include "engine/export/json_scan.hpp"
#include "engine/export/openai_chat.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_export_json_scan {

using namespace tracesift::exporter;
using nlohmann::json;

TEST_CASE("json scan: documents are validated as strictly as the format says", "[export][json-scan]") {
  JsonTree tree;
  const std::vector<std::string> valid = {"null",
                                          "true",
                                          "0",
                                          "-0.5e+10",
                                          "1E3",
                                          R"("")",
                                          R"("a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude42")",
                                          "[]",
                                          "{}",
                                          " [1, {\"a\": [true, false, null]}, \"x\"] ",
                                          "\"Grüße 日本語 🙂\"",
                                          "[[[[[[[[[[1]]]]]]]]]]"};
  for (const auto& text : valid) {
    INFO(text);
    CHECK(tree.parse(text));
    const size_t first = text.find_first_not_of(' '), last = text.find_last_not_of(' ');
    CHECK(tree.root().text == text.substr(first, last - first + 1));  // the value, without the blanks around it
  }
  const std::vector<std::string> invalid = {"",
                                            " ",
                                            "nul",
                                            "tru",
                                            "01",
                                            "1.",
                                            "-",
                                            ".5",
                                            "1e",
                                            "+1",
                                            "[1,]",
                                            "[1 2]",
                                            "{\"a\"}",
                                            "{\"a\":1,}",
                                            "{a:1}",
                                            "[1]]",
                                            "\"abc",
                                            "\"a\\x\"",
                                            "\"\\u12\"",
                                            "\"\\ud800\"",
                                            "\"\\udc00\"",
                                            "\"\\ud800\\u0041\"",
                                            "\"tab\there\"",
                                            "\"\xff\"",
                                            "\"\xc3\"",
                                            "\"\xc0\xaf\"",
                                            "\"\xed\xa0\x80\"",
                                            "\"\xf4\x90\x80\x80\"",
                                            "[1] [2]",
                                            "'single'"};
  for (const auto& text : invalid) {
    INFO(text);
    CHECK_FALSE(tree.parse(text));
  }
  // Nesting: 256 levels are read, 257 are not.
  CHECK(tree.parse(std::string(256, '[') + std::string(256, ']')));
  CHECK_FALSE(tree.parse(std::string(257, '[') + std::string(257, ']')));
}

TEST_CASE("json scan: values are walked in place, keys and strings decoded on demand", "[export][json-scan]") {
  JsonTree tree;
  const std::string text =
      R"( {"role" : "user", "content":[{"type":"text","text":"a\nb"}, 7], "r\u006fle":"ignored", "nested":{"x":[1,[2]]},"last":"\u00e9\ud83d\ude42"} )";
  REQUIRE(tree.parse(text));
  const Raw root = tree.root();
  CHECK(root.is_object());
  std::vector<std::string> keys;
  ObjectReader fields(root);
  std::string_view key;
  Raw value;
  while (fields.next(key, value)) keys.emplace_back(key);
  CHECK(keys == std::vector<std::string>{"role", "content", "r\\u006fle", "nested", "last"});
  CHECK(member(root, "role").text == R"("user")");  // the first of two keys that decode alike
  CHECK(key_is("r\\u006fle", "role"));
  CHECK(string_is(member(root, "role"), "user"));
  CHECK(member(root, "nested").text == R"({"x":[1,[2]]})");
  CHECK_FALSE(member(root, "missing").present());
  CHECK_FALSE(member(member(root, "role"), "x").present());  // not an object

  std::vector<std::string> elements;
  ArrayReader items(member(root, "content"));
  Raw item;
  while (items.next(item)) elements.emplace_back(item.text);
  CHECK(elements == std::vector<std::string>{R"({"type":"text","text":"a\nb"})", "7"});
  CHECK(member(tree.at(member(root, "content").node + 1), "text").inner() == "a\\nb");

  std::string buf;
  CHECK(unescaped(member(tree.at(member(root, "content").node + 1), "text"), buf) == "a\nb");
  CHECK(unescaped(member(root, "last"), buf) == "é🙂");
  std::deque<std::string> arena;
  const std::string_view stable = stable_unescaped(member(root, "last"), arena);
  CHECK(unescaped(member(root, "role"), buf) == "user");  // reusing buf leaves `stable` alone
  CHECK(stable == "é🙂");
  CHECK(member(root, "nested").type_name() == "an object");
  CHECK(Raw{}.type_name() == "missing");
}

TEST_CASE("openai-chat: strings are copied as stored, escapes included", "[export][openai-chat][json-scan]") {
  OpenAiChatWriter writer;
  StringSink sink;
  writer.begin(sink);
  ExportRow r;
  r.id = 1;
  const std::string input = R"([{"r\u006fle":"\u0075ser","content":"caf\u00e9 \ud83d\ude42 \"q\" \/"}])";
  const std::string output = R"([{"role":"assistant","content":[{"type":"text","text":"one"},{"text":"two\ttabs"}]}])";
  r.input_json = input;
  r.output_json = output;
  writer.row(r);
  writer.end();
  REQUIRE(writer.rows_written() == 1);
  CHECK(
      sink.text ==
      R"({"messages":[{"role":"user","content":"caf\u00e9 \ud83d\ude42 \"q\" \/"},{"role":"assistant","content":"one\ntwo\ttabs"}]})"
      "\n");
  CHECK(check_openai_chat_line(sink.text.substr(0, sink.text.size() - 1)) == std::nullopt);
  CHECK(json::parse(sink.text)["messages"][0]["content"] == "café 🙂 \"q\" /");
}

TEST_CASE("openai-chat: invalid stored JSON is rejected, not copied", "[export][openai-chat][json-scan]") {
  OpenAiChatWriter writer;
  StringSink sink;
  writer.begin(sink);
  const std::string ok = R"([{"role":"user","content":"hi"}])";
  const std::vector<std::string> bad = {"[{\"role\":\"user\",\"content\":\"\xff\"}]",
                                        R"([{"role":"user","content":"\ud800"}])", R"([{"role":"user",}])"};
  int64_t id = 0;
  for (const auto& text : bad) {
    ExportRow r;
    r.id = ++id;
    r.input_json = text;
    r.output_json = R"([{"role":"assistant","content":"x"}])";
    writer.row(r);
    ExportRow o;
    o.id = ++id;
    o.input_json = ok;
    o.output_json = text;
    writer.row(o);
  }
  writer.end();
  CHECK(writer.rows_written() == 0);
  REQUIRE(writer.rejected().size() == 6);
  CHECK(writer.rejected()[0].reason == "input is not valid JSON");
  CHECK(writer.rejected()[1].reason == "output is not valid JSON");
  CHECK(sink.text.empty());
}

TEST_CASE("openai-chat: rows offering the same tools reuse one normalisation, others get their own",
          "[export][openai-chat]") {
  const std::string a = R"([{"type":"function","function":{"name":"a"}}])";
  const std::string b = R"([{"name":"b","input_schema":{"type":"object"}}])";
  const std::string bad = R"([{"type":"web_search"}])";
  const std::string input = R"([{"role":"user","content":"hi"}])", output = R"([{"role":"assistant","content":"x"}])";
  OpenAiChatWriter writer;
  StringSink sink;
  writer.begin(sink);
  const std::vector<std::optional<std::string>> tools = {a, a, b, std::nullopt, bad, b, a};
  for (size_t i = 0; i < tools.size(); ++i) {
    ExportRow r;
    r.id = static_cast<int64_t>(i) + 1;
    r.input_json = input;
    r.output_json = output;
    if (tools[i]) r.tools_json = *tools[i];
    writer.row(r);
  }
  writer.end();
  std::vector<json> lines;
  size_t at = 0;
  while (at < sink.text.size()) {
    const size_t end = sink.text.find('\n', at);
    lines.push_back(json::parse(sink.text.substr(at, end - at)));
    at = end + 1;
  }
  REQUIRE(lines.size() == 6);
  CHECK(lines[0]["tools"][0]["function"]["name"] == "a");
  CHECK(lines[1]["tools"][0]["function"]["name"] == "a");
  CHECK(lines[2]["tools"][0]["function"] == json::parse(R"({"name":"b","parameters":{"type":"object"}})"));
  CHECK_FALSE(lines[3].contains("tools"));
  CHECK(lines[4]["tools"][0]["function"]["name"] == "b");
  CHECK(lines[5]["tools"][0]["function"]["name"] == "a");
  REQUIRE(writer.rejected().size() == 1);
  CHECK(writer.rejected()[0] == Rejection{5, "tools[0] is a 'web_search' tool, not a function"});
}

TEST_CASE("export: rejection lists of several passes merge into one", "[export]") {
  RejectionList first, second, all;
  for (int64_t i = 0; i < 900; ++i) first.add(i, "a");
  for (int64_t i = 0; i < 300; ++i) second.add(1000 + i, "b");
  all.merge(first);
  all.merge(second);
  CHECK(all.count() == 1200);
  REQUIRE(all.listed().size() == kMaxListedRejections);
  CHECK(all.listed()[899] == Rejection{899, "a"});
  CHECK(all.listed()[900] == Rejection{1000, "b"});
}

}  // namespace test_export_json_scan
