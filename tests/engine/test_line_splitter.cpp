#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/import/line_splitter.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_line_splitter {

using tracesift::import::LineSink;
using tracesift::import::LineSplitter;

namespace {
struct Collect : LineSink {
  std::vector<std::pair<uint64_t, std::string>> lines;
  std::vector<std::pair<uint64_t, uint64_t>> oversized;
  bool on_line(std::string_view line, uint64_t n) override {
    lines.emplace_back(n, std::string(line));
    return true;
  }
  void on_oversized_line(uint64_t n, uint64_t bytes) override { oversized.emplace_back(n, bytes); }
};

Collect split(const std::string& text, size_t chunk, uint64_t cap = 1 << 20) {
  LineSplitter splitter(cap);
  Collect c;
  for (size_t i = 0; i < text.size(); i += chunk) splitter.feed(std::string_view(text).substr(i, chunk), c);
  splitter.finish(c);
  return c;
}
}  // namespace

TEST_CASE("lines straddling chunks of every size come out whole and numbered", "[line_splitter]") {
  const std::string text = "first\nsecond line\r\n\nfourth";
  for (size_t chunk = 1; chunk <= text.size(); ++chunk) {
    INFO("chunk size " << chunk);
    const auto c = split(text, chunk);
    REQUIRE(c.lines.size() == 4);
    CHECK(c.lines[0] == std::pair<uint64_t, std::string>{1, "first"});
    CHECK(c.lines[1] == std::pair<uint64_t, std::string>{2, "second line"});
    CHECK(c.lines[2] == std::pair<uint64_t, std::string>{3, ""});
    CHECK(c.lines[3] == std::pair<uint64_t, std::string>{4, "fourth"});
  }
}

TEST_CASE("a byte order mark at the start is dropped", "[line_splitter]") {
  const auto c = split("\xEF\xBB\xBF{}\n{}\n", 2);
  REQUIRE(c.lines.size() == 2);
  CHECK(c.lines[0].second == "{}");
}

TEST_CASE("lines above the cap are reported, not held, and numbering continues", "[line_splitter]") {
  const std::string big(100, 'x');
  for (size_t chunk : {7, 64, 1000}) {
    const auto c = split("a\n" + big + "\nb\n" + big, chunk, 50);
    REQUIRE(c.lines.size() == 2);
    CHECK(c.lines[0] == std::pair<uint64_t, std::string>{1, "a"});
    CHECK(c.lines[1] == std::pair<uint64_t, std::string>{3, "b"});
    REQUIRE(c.oversized.size() == 2);
    CHECK(c.oversized[0] == std::pair<uint64_t, uint64_t>{2, 100});
    CHECK(c.oversized[1] == std::pair<uint64_t, uint64_t>{4, 100});
  }
}

}  // namespace test_line_splitter
