// Sorting and keyset paging: every sort key in both orders, walked page by page with the cursor.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "random_spans.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_span_page {

using namespace tracesift;
using nlohmann::json;

namespace {

std::vector<json> lines(const std::string& jsonl) {
  std::vector<json> out;
  size_t start = 0;
  for (size_t nl; (nl = jsonl.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(json::parse(jsonl.substr(start, nl - start)));
  return out;
}

// The sort value of a listed span, or nullopt when it has none (sorted last).
std::optional<double> sort_value(const json& s, SortKey key) {
  switch (key) {
    case SortKey::time: return static_cast<double>(*parse_rfc3339(s["started_at"].get<std::string>()));
    case SortKey::cost:
      if (s["cost_usd"].is_null()) return std::nullopt;
      return s["cost_usd"].get<double>();
    case SortKey::tokens:
      return static_cast<double>(s["input_tokens"].is_null() ? 0 : s["input_tokens"].get<int64_t>()) +
             static_cast<double>(s["output_tokens"].is_null() ? 0 : s["output_tokens"].get<int64_t>());
    case SortKey::duration:
      if (s["ended_at"].is_null()) return std::nullopt;
      return static_cast<double>(*parse_rfc3339(s["ended_at"].get<std::string>()) -
                                 *parse_rfc3339(s["started_at"].get<std::string>()));
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("keyset paging walks every matching span once, in order, for every sort", "[page]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(11, 700));
  const Filter f = engine.parse_filter(R"("-provider:google")");
  const int64_t total = engine.count(f);
  REQUIRE(total > 300);
  for (const SortKey key : {SortKey::time, SortKey::cost, SortKey::tokens, SortKey::duration}) {
    for (const bool descending : {true, false}) {
      INFO("sort " << kSortKeyNames[size_t(key)] << (descending ? " desc" : " asc"));
      PageRequest req{.sort = key, .descending = descending, .limit = 37, .offset = 0, .cursor = ""};
      std::set<std::string> seen;
      std::vector<std::optional<double>> values;
      int pages = 0;
      do {
        const SpanPage page = engine.spans_page(f, req);
        const auto spans = lines(page.jsonl);
        REQUIRE(!spans.empty());
        for (const auto& s : spans) {
          CHECK(seen.insert(s["span_id"].get<std::string>()).second);
          values.push_back(sort_value(s, key));
        }
        req.cursor = page.next_cursor;
        ++pages;
      } while (!req.cursor.empty());
      CHECK(static_cast<int64_t>(seen.size()) == total);
      CHECK(pages == (total + 36) / 37);
      bool seen_null = false;
      for (size_t i = 0; i < values.size(); ++i) {
        if (!values[i]) {
          seen_null = true;  // rows without a value come last in both orders
          continue;
        }
        REQUIRE(!seen_null);
        if (i > 0 && values[i - 1]) CHECK((descending ? *values[i - 1] >= *values[i] : *values[i - 1] <= *values[i]));
      }
    }
  }
}

TEST_CASE("deep offsets list the same rows as walking there page by page", "[page]") {
  // Offsets past the heap's limit (4,096 rows) take the nth_element path; both must agree.
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(12, 8000));
  const Filter f = engine.parse_filter(R"("-provider:google")");
  const int64_t total = engine.count(f);
  REQUIRE(total > 4600);
  for (const SortKey key : {SortKey::time, SortKey::cost, SortKey::duration}) {
    for (const bool descending : {true, false}) {
      INFO("sort " << kSortKeyNames[size_t(key)] << (descending ? " desc" : " asc"));
      std::vector<std::string> walked;
      PageRequest walk{.sort = key, .descending = descending, .limit = 500, .offset = 0, .cursor = ""};
      do {
        const SpanPage page = engine.spans_page(f, walk);
        for (const auto& s : lines(page.jsonl)) walked.push_back(s["span_id"].get<std::string>());
        walk.cursor = page.next_cursor;
      } while (!walk.cursor.empty());
      REQUIRE(static_cast<int64_t>(walked.size()) == total);
      for (const int64_t offset : {int64_t{4090}, int64_t{4500}, total - 7}) {
        const PageRequest deep{.sort = key, .descending = descending, .limit = 20, .offset = offset, .cursor = ""};
        const SpanPage page = engine.spans_page(f, deep);
        const auto spans = lines(page.jsonl);
        const auto expected = std::min<int64_t>(20, total - offset);
        REQUIRE(static_cast<int64_t>(spans.size()) == expected);
        for (size_t i = 0; i < spans.size(); ++i) CHECK(spans[i]["span_id"] == walked[offset + i]);
        // The cursor continues right after the page.
        CHECK(page.next_cursor.empty() == (offset + expected == total));
        if (!page.next_cursor.empty()) {
          const PageRequest next{
              .sort = key, .descending = descending, .limit = 1, .offset = 0, .cursor = page.next_cursor};
          CHECK(lines(engine.spans_page(f, next).jsonl).at(0)["span_id"] == walked[offset + expected]);
        }
      }
      const PageRequest past{.sort = key, .descending = descending, .limit = 20, .offset = total + 5000, .cursor = ""};
      CHECK(engine.spans_page(f, past).jsonl.empty());
    }
  }
}

TEST_CASE("page requests are validated and cursors belong to their order", "[page]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(12, 100));
  const PageRequest req = parse_page_request(R"({"sort":"cost","order":"asc","limit":10,"offset":2})");
  CHECK(req.sort == SortKey::cost);
  CHECK_FALSE(req.descending);
  CHECK(req.limit == 10);
  CHECK(req.offset == 2);
  auto field_of = [](const std::string& text) {
    try {
      parse_page_request(text);
    } catch (const Error& e) {
      CHECK(e.code() == Errc::invalid_argument);
      return e.field();
    }
    return std::string("<accepted>");
  };
  CHECK(field_of(R"({"sort":"price"})") == "sort");
  CHECK(field_of(R"({"order":"up"})") == "order");
  CHECK(field_of(R"({"limit":-1})") == "limit");
  CHECK(field_of(R"({"offset":1.5})") == "offset");
  CHECK(field_of(R"({"page":2})") == "page");

  const SpanPage first = engine.spans_page({}, parse_page_request(R"({"sort":"cost","limit":10})"));
  REQUIRE(!first.next_cursor.empty());
  PageRequest other = parse_page_request(R"({"sort":"tokens","limit":10})");
  other.cursor = first.next_cursor;
  CHECK_THROWS_WITH(engine.spans_page({}, other), Catch::Contains("another order"));
  other.cursor = "c1.garbage";
  try {
    engine.spans_page({}, other);
    FAIL("a garbage cursor was accepted");
  } catch (const Error& e) {
    CHECK(e.field() == "cursor");
  }
  // The last page has no cursor; an offset skips rows after the cursor.
  const SpanPage all = engine.spans_page({}, parse_page_request(R"({"limit":100})"));
  CHECK(all.next_cursor.empty());
  const SpanPage skipped = engine.spans_page({}, parse_page_request(R"({"limit":5,"offset":95})"));
  CHECK(lines(skipped.jsonl).size() == 5);
  CHECK(skipped.next_cursor.empty());
}

}  // namespace test_span_page
