// The normalised text of a span input: what the "same input" leakage check hashes and the
// near-duplicate index shingles. Formatting, letter case and whitespace must not matter; content,
// roles and tool calls must.
#include <catch2/catch.hpp>

#include <string>

#include "engine/dataset/input_text.hpp"
#include "engine/sample/sample_hash.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_input_text {

using namespace tracesift;

TEST_CASE("messages become role-tagged lines, lower-cased, whitespace collapsed", "[input_text]") {
  CHECK(similarity_text(R"([{"role":"system","content":"You   triage\n\ttickets."},)"
                        R"({"role":"user","content":"  My INVOICE is wrong  "}])") ==
        "system: you triage tickets. user: my invoice is wrong");
  CHECK(similarity_text(R"([{"role":"user","content":"\n\n"}])") == "user:");
  CHECK(similarity_text(R"([{"role":"assistant","content":null}])") == "assistant:");
  // Key order inside a message does not matter; unknown keys are ignored.
  CHECK(similarity_text(R"([{"content":"Hi","name":"bob","role":"user"}])") == "user: hi");
  // One message object on its own reads as a list of one.
  CHECK(similarity_text(R"({"role":"user","content":"Hi"})") == similarity_text(R"([{"role":"user","content":"Hi"}])"));
}

TEST_CASE("JSON formatting, case and whitespace do not change the hash", "[input_text]") {
  const std::string compact = R"([{"role":"system","content":"Be brief."},{"role":"user","content":"What is 2+2?"}])";
  const std::string pretty = R"([
    { "content" : "Be   brief.",
      "role" : "system" },
    { "role": "user", "content": "WHAT is 2+2?\n" }
  ])";
  CHECK(similarity_text(compact) == similarity_text(pretty));
  CHECK(input_content_hash(compact) == input_content_hash(pretty));
  CHECK(input_content_hash(compact) == hash_text("system: be brief. user: what is 2+2?"));
  // Escapes are read: \u0041 is "A", folded to "a".
  CHECK(similarity_text(R"(["\u0041BC\tdef"])") == "abc def");
}

TEST_CASE("content changes, roles and order change the hash", "[input_text]") {
  const uint64_t base = input_content_hash(R"([{"role":"user","content":"refund order 42"}])");
  CHECK(base != input_content_hash(R"([{"role":"user","content":"refund order 43"}])"));
  CHECK(base != input_content_hash(R"([{"role":"assistant","content":"refund order 42"}])"));
  CHECK(base != input_content_hash(R"([{"role":"user","content":"refund order 42"},{"role":"user","content":"x"}])"));
  CHECK(input_content_hash(R"([{"role":"user","content":"a"},{"role":"user","content":"b"}])") !=
        input_content_hash(R"([{"role":"user","content":"b"},{"role":"user","content":"a"}])"));
}

TEST_CASE("content parts: text parts joined, other parts left out", "[input_text]") {
  CHECK(similarity_text(R"([{"role":"user","content":[{"type":"text","text":"What is"},)"
                        R"({"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},)"
                        R"({"type":"text","text":"in this  picture?"}]}])") == "user: what is in this picture?");
  // Other text dialects and bare strings count as text; a part without text is skipped.
  CHECK(similarity_text(R"([{"role":"user","content":[{"type":"input_text","text":"A"},"B",{"text":"C"},)"
                        R"({"type":"input_audio","input_audio":{"data":"x"}},{"type":"text"}]}])") == "user: a b c");
  // The same words as a string or as one text part read the same.
  CHECK(input_content_hash(R"([{"role":"user","content":"Hello there"}])") ==
        input_content_hash(R"([{"role":"user","content":[{"type":"text","text":"Hello there"}]}])"));
}

TEST_CASE("tool calls count by name and arguments, not by id", "[input_text]") {
  const std::string a =
      R"([{"role":"user","content":"Weather in Rome?"},{"role":"assistant","content":null,"tool_calls":[)"
      R"({"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},)"
      R"({"role":"tool","tool_call_id":"call_1","content":"18C"}])";
  CHECK(similarity_text(a) == R"(user: weather in rome? assistant: get_weather({"city":"rome"}) tool: 18c)");
  // Other ids and whitespace inside the JSON arguments: the same input.
  const std::string b =
      R"([{"role":"user","content":"Weather in Rome?"},{"role":"assistant","content":null,"tool_calls":[)"
      R"({"id":"call_zz","type":"function","function":{"name":"get_weather","arguments":"{ \"city\": \"Rome\" }"}}]},)"
      R"({"role":"tool","tool_call_id":"call_zz","content":"18C"}])";
  CHECK(input_content_hash(a) == input_content_hash(b));
  // Another function or other arguments: another input.
  std::string c = a;
  c.replace(c.find("get_weather"), 11, "get_climate");
  CHECK(input_content_hash(a) != input_content_hash(c));
  std::string d = a;
  d.replace(d.find("Rome\\\""), 4, "Oslo");
  CHECK(input_content_hash(a) != input_content_hash(d));
  // Arguments given as an object (not the canonical string) and as plain text.
  CHECK(similarity_text(R"([{"role":"assistant","tool_calls":[{"function":{"name":"f","arguments":{"x": 1}}}]}])") ==
        R"(assistant: f({"x":1}))");
  CHECK(similarity_text(R"([{"role":"assistant","tool_calls":[{"name":"f","arguments":"go  now"}]}])") ==
        "assistant: f(go now)");
}

TEST_CASE("inputs that are not messages: strings, objects, other arrays", "[input_text]") {
  CHECK(similarity_text(R"("  Summarise THIS\narticle ")") == "summarise this article");
  // Minified, then folded like any text (whitespace inside strings included).
  CHECK(similarity_text(R"({"Query": "Order  42", "limit": 5})") == R"({"query":"order 42","limit":5})");
  CHECK(input_content_hash(R"({"query":"x","limit":5})") == input_content_hash(R"({ "query" : "x", "limit" : 5 })"));
  CHECK(input_content_hash(R"({"query":"x","limit":5})") != input_content_hash(R"({"query":"y","limit":5})"));
  CHECK(similarity_text("42") == "42");
  CHECK(similarity_text("true") == "true");
  CHECK(similarity_text(R"(["What is X?", "Why?"])") == "what is x? why?");
  CHECK(similarity_text(R"([{"role":"user","content":"Hi"}, "note", {"k":1}, null])") ==
        R"(user: hi note {"k":1} null)");
  // A string and a one-element list of it read the same.
  CHECK(input_content_hash(R"("hello")") == input_content_hash(R"(["hello"])"));
}

TEST_CASE("absent input: empty, null, or only whitespace", "[input_text]") {
  for (const char* absent : {"", "null", "  null\n", " \t"}) {
    INFO(absent);
    CHECK(similarity_text(absent).empty());
    CHECK(input_content_hash(absent) == kAbsentInputHash);
  }
  // Present but empty is not absent.
  CHECK(similarity_text(R"("")").empty());
  CHECK(input_content_hash(R"("")") != kAbsentInputHash);
  CHECK(input_content_hash("[]") != kAbsentInputHash);
  CHECK(input_content_hash(R"([{"role":"user","content":""}])") != input_content_hash(R"("")"));
}

TEST_CASE("text that is not JSON is compared as it stands", "[input_text]") {
  CHECK(similarity_text("Plain   TEXT, not JSON") == "plain text, not json");
  CHECK(similarity_text(R"([{"role":"user","content":"unterminated)") == R"([{"role":"user","content":"unterminated)");
  CHECK(input_content_hash("not json") == hash_text("not json"));
}

TEST_CASE("only ASCII letters are folded, UTF-8 passes through", "[input_text]") {
  CHECK(similarity_text(R"(["Ünïcödé ÀB Straße 東京 Tokyo"])") == "Ünïcödé Àb straße 東京 tokyo");
  CHECK(similarity_text(R"(["caf\u00e9"])") == "café");
  // Non-ASCII spaces (U+00A0) are not whitespace here: they are kept.
  CHECK(similarity_text("[\"a\xc2\xa0"
                        "b\"]") ==
        "a\xc2\xa0"
        "b");
}

TEST_CASE("a reused output buffer gives the same text", "[input_text]") {
  std::string out = "left over";
  similarity_text(R"([{"role":"user","content":"One"}])", out);
  CHECK(out == "user: one");
  similarity_text("null", out);
  CHECK(out.empty());
  similarity_text(R"(["Two"])", out);
  CHECK(out == "two");
}

}  // namespace test_input_text
