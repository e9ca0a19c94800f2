#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/json_text.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_json_text {

using namespace tracesift;

TEST_CASE("JSON strings are escaped and stay parseable", "[json_text]") {
  std::string out;
  const std::string input = "a\"b\\c\n\t\x01 é 😀";
  append_json_string(out, input);
  CHECK(out == "\"a\\\"b\\\\c\\n\\t\\u0001 é 😀\"");
  CHECK(nlohmann::json::parse(out).get<std::string>() == input);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD so output stays valid JSON", "[json_text]") {
  std::string out;
  append_json_string(out, "ok\xC3(\xFF");
  CHECK(out == "\"ok\xEF\xBF\xBD(\xEF\xBF\xBD\"");
}

TEST_CASE("one escaper: eight-byte runs, every escape at every offset, valid and unchecked UTF-8 agree",
          "[json_text]") {
  // Each special byte at each position of strings 0..20 bytes long (runs cross the 8-byte steps).
  const std::string specials[] = {"\"",   "\\",   "\n", "\r", "\t", "\b", "\f", std::string(1, '\0'),
                                  "\x1f", "\x7f", "é",  "€",  "😀"};
  for (const auto& special : specials) {
    for (size_t len = 0; len <= 20; ++len) {
      for (size_t at = 0; at <= len; ++at) {
        const std::string text = std::string(at, 'a') + special + std::string(len - at, 'b');
        std::string checked, unchecked;
        append_json_string(checked, text);
        append_json_string_utf8(unchecked, text);
        CHECK(checked == unchecked);
        CHECK(nlohmann::json::parse(checked).get<std::string>() == text);
      }
    }
  }
  // Invalid bytes inside a long run are replaced by the checked escaper only.
  std::string out;
  append_json_string(out, std::string(13, 'x') + "\xff" + std::string(9, 'y'));
  CHECK(out == "\"" + std::string(13, 'x') + "\xEF\xBF\xBD" + std::string(9, 'y') + "\"");
}

TEST_CASE("JsonObject writes fields in call order, optionals as null, raw values as given", "[json_text]") {
  const std::optional<std::string> none;
  const std::optional<int64_t> seven = 7;
  const std::string text = JsonObject()
                               .field("name", "a\"b")
                               .field("count", int64_t{-3})
                               .field("big", uint64_t{18'446'744'073'709'551'615ull})
                               .field("ratio", 0.25)
                               .field("nan", std::nan(""))
                               .field("ok", true)
                               .field("missing", none)
                               .field("seven", seven)
                               .raw("filter", R"({"model":"gpt-4o"})")
                               .field("bad", std::string_view("\xff"))
                               .text();
  CHECK(text == R"({"name":"a\"b","count":-3,"big":18446744073709551615,"ratio":0.25,"nan":null,"ok":true,)"
                R"("missing":null,"seven":7,"filter":{"model":"gpt-4o"},"bad":"�"})");
  CHECK(nlohmann::ordered_json::parse(text).begin().key() == "name");
  CHECK(JsonObject().text() == "{}");
}

TEST_CASE("numbers round-trip through doubles", "[json_text]") {
  for (double v : {0.0, 0.1, 1e-9, 123456.789, 0.30000000000000004}) {
    std::string out;
    append_json_number(out, v);
    CHECK(nlohmann::json::parse(out).get<double>() == v);
  }
  std::string out;
  append_json_number(out, std::numeric_limits<double>::infinity());
  CHECK(out == "null");
}

TEST_CASE("regression: appending many strings grows the buffer geometrically (10k-span pages were quadratic)",
          "[json_text]") {
  // libc++ reserves exactly what is asked; an exact reserve per string reallocated on every call.
  std::string out;
  size_t reallocations = 0;
  size_t capacity = out.capacity();
  for (int i = 0; i < 100000; ++i) {
    append_json_string(out, "a value of a span field");
    if (out.capacity() != capacity) {
      ++reallocations;
      capacity = out.capacity();
    }
  }
  CHECK(reallocations < 64);
}

}  // namespace test_json_text
