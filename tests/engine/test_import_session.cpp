// The import session's handling of whole files: JSONL vs documents, format detection, mixed
// formats, and every kind of bad input the import issue lists.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_import_session {

using namespace tracesift;
using nlohmann::json;

namespace {

std::string native(const std::string& id, const std::string& extra = "") {
  return R"({"span_id":")" + id +
         R"(","trace_id":"t","name":"n","started_at":"2025-05-01T12:00:00Z","ended_at":"2025-05-01T12:00:01Z")" +
         extra + "}";
}

import::ImportReport run(Engine& engine, const std::string& text, const std::string& format = "auto",
                         size_t chunk = 13){
    auto session = engine.begin_import({.file_name = "f.jsonl", .format = format, .batch_size = 2});
for (size_t i = 0; i < text.size(); i += chunk) session->feed(std::string_view(text).substr(i, chunk));
return session->finish();
}  // namespace

bool has_error(const import::ImportReport& r, uint64_t line, const std::string& fragment) {
  for (const auto& e : r.errors) {
    if (e.line == line && e.message.find(fragment) != std::string::npos && e.file == "f.jsonl") return true;
  }
  return false;
}

}  // namespace test_import_session

TEST_CASE("auto-detects native JSONL and reports the format", "[import_session]") {
  Engine engine(":memory:");
  const auto r = run(engine, native("a") + "\n" + native("b") + "\n");
  CHECK(r.format == "native");
  CHECK(r.counts.imported == 2);
}

TEST_CASE("a pretty-printed document is read whole, an array's elements are records", "[import_session]") {
  Engine engine(":memory:");
  const json doc = json::array({json::parse(native("d1")), json::parse(native("d2")), json::parse(native("d3"))});
  const auto r = run(engine, doc.dump(2), "auto", 7);
  CHECK(r.format == "native");
  CHECK(r.counts.read == 3);
  CHECK(r.counts.imported == 3);
  CHECK(r.errors.empty());
  const auto one = run(engine, json::parse(native("d4")).dump(4));
  CHECK(one.counts.imported == 1);
  CHECK(engine.count({}) == 4);
}

TEST_CASE("a one-line JSON array is read element by element, errors name the element", "[import_session]") {
  Engine engine(":memory:");
  const auto r = run(engine, "[" + native("e1") + "," + native("e2", R"(,"cost_usd":"free")") + "]\n");
  CHECK(r.counts.imported == 1);
  CHECK(has_error(r, 1, "element [1]: field 'cost_usd'"));
}

TEST_CASE("JSONL whose first line is cut short is still read line by line", "[import_session]") {
  Engine engine(":memory:");
  const auto r = run(engine, R"({"span_id": "x", "trace_id": )"
                             "\n" +
                                 native("ok1") + "\n" + native("ok2") + "\n");
  CHECK(r.counts.imported == 2);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 1);
  CHECK_THAT(r.errors[0].message, Catch::Contains("invalid JSON"));
}

TEST_CASE("truncated last line, wrong types and invalid UTF-8 are reported by line", "[import_session]") {
  Engine engine(":memory:");
  const std::string text = native("a") + "\n" + native("b", R"(,"input_tokens":"many")") + "\n" + native("c\xC3\x28") +
                           "\n" + native("d") + "\n" + R"({"span_id":"e","trace_id":"t","na)";
  const auto r = run(engine, text);
  CHECK(r.counts.imported == 2);
  CHECK(has_error(r, 2, "field 'input_tokens'"));
  CHECK(has_error(r, 3, "not valid UTF-8"));
  CHECK(has_error(r, 5, "invalid JSON"));
}

TEST_CASE("a 100 MB line is rejected without being held, and the lines after it import", "[import_session]") {
  Engine engine(":memory:");
  auto session = engine.begin_import({.file_name = "f.jsonl"});
  session->feed(native("before") + "\n" + R"({"span_id":"huge","trace_id":"t","name":")");
  const std::string block(1 << 20, 'x');
  for (int i = 0; i < 100; ++i) session->feed(block);
  session->feed("\",\"started_at\":\"2025-05-01T12:00:00Z\"}\n" + native("after") + "\n");
  const auto r = session->finish();
  CHECK(r.counts.imported == 2);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 2);
  CHECK_THAT(r.errors[0].message, Catch::Contains("longer than the limit"));
}

TEST_CASE("deep nesting is refused with a reason", "[import_session]") {
  Engine engine(":memory:");
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  const auto r = run(engine, native("ok") + "\n" + native("deep", R"(,"input":)" + deep) + "\n", "auto", 4096);
  CHECK(r.counts.imported == 1);
  CHECK(has_error(r, 2, "nested deeper than 256"));
}

TEST_CASE("an unknown format is reported with what was seen", "[import_session]") {
  Engine engine(":memory:");
  const auto r = run(engine, R"({"timestamp": 1, "event": "click"})"
                             "\n"
                             R"({"timestamp": 2, "event": "view"})"
                             "\n");
  CHECK(r.format == "unknown");
  CHECK(r.counts.imported == 0);
  CHECK(has_error(r, 1, "not a recognised trace record: a JSON object with keys event, timestamp"));
  CHECK(has_error(r, 2, "not a recognised trace record"));
  const auto csv = run(engine, "a,b,c\n1,2,3\n");
  CHECK(csv.counts.errors == 2);
  CHECK(has_error(csv, 1, "invalid JSON"));
}

TEST_CASE("mixed formats in one file: the odd records are errors, the rest import", "[import_session]") {
  Engine engine(":memory:");
  const auto r = run(engine, native("m1") + "\n" +
                                 R"({"resourceSpans": []})"
                                 "\n" +
                                 native("m2") + "\n" +
                                 R"({"messages": [{"role": "user", "content": "hi"}]})"
                                 "\n");
  CHECK(r.format == "native");
  CHECK(r.counts.imported == 2);
  CHECK(has_error(r, 2, "looks like otlp, but the file is read as native"));
  CHECK(has_error(r, 4, "looks like openai-chat"));
}

TEST_CASE("a forced format is used even when another would be detected", "[import_session]") {
  Engine engine(":memory:");
  const auto r = run(engine, native("f1") + "\n", "openai-chat");
  CHECK(r.format == "openai-chat");
  CHECK(r.counts.imported == 0);
  CHECK(has_error(r, 1, "looks like native, but the file is read as openai-chat"));
}

TEST_CASE("empty and blank files import nothing, without errors", "[import_session]") {
  Engine engine(":memory:");
  for (const std::string text : {"", "\n\n", "   \r\n\t\n"}) {
    const auto r = run(engine, text);
    CHECK(r.counts.read == 0);
    CHECK(r.errors.empty());
  }
}

TEST_CASE("a multi-line document above the cap is refused with a clear error", "[import_session]") {
  Engine engine(":memory:");
  auto session = engine.begin_import({.file_name = "f.jsonl", .max_document_bytes = 1000});
  session->feed("[\n");
  for (int i = 0; i < 20; ++i) session->feed(native("big" + std::to_string(i)) + ",\n");
  const auto r = session->finish();
  CHECK(r.counts.imported == 0);
  REQUIRE(r.errors.size() == 1);
  CHECK_THAT(r.errors[0].message, Catch::Contains("export it as JSONL"));
}

TEST_CASE("a batch that fails in SQLite changes nothing and ends the import", "[import_session]") {
  Engine engine(":memory:");
  run(engine, native("kept") + "\n");
  engine.database().exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON spans WHEN NEW.span_id = 'poison' "
      "BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
  auto session = engine.begin_import({.file_name = "f.jsonl", .batch_size = 3});
  session->feed(native("b1") + "\n" + native("b2") + "\n" + native("b3") + "\n");  // first batch commits
  try {
    session->feed(native("c1") + "\n" + native("poison") + "\n" + native("c3") + "\n");
    FAIL("the poisoned batch was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::storage);
  }
  CHECK(engine.count({}) == 4);  // "kept" + b1..b3; nothing of the failed batch
  CHECK_THROWS_AS(session->feed(native("later") + "\n"), Error);
}

TEST_CASE("each rejected line carries a stable code and the field it names", "[import_session]") {
  Engine engine(":memory:");
  const std::string text = native("a") + "\n" + R"({"span_id": "b", "trace_id": )" + "\n" +
                           native("c", R"(,"input_tokens":"many")") + "\n" + R"({"resourceSpans":[]})" + "\n";
  const auto r = run(engine, text, "native");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].line == 2);
  CHECK(r.errors[0].code == "invalid_json");
  CHECK(r.errors[0].field.empty());
  CHECK(r.errors[1].line == 3);
  CHECK(r.errors[1].code == "invalid_field");
  CHECK(r.errors[1].field == "input_tokens");
  CHECK(r.errors[2].line == 4);
  CHECK(r.errors[2].code == "invalid_record");
  CHECK(r.errors[2].field.empty());
}

TEST_CASE("the field of a rejected record's message includes where in the record it is", "[import_session]") {
  CHECK(import::record_error_field("field 'usage.input_tokens': expected an integer") == "usage.input_tokens");
  CHECK(import::record_error_field("observations[2]: field 'startTime': not a date") == "observations[2].startTime");
  CHECK(import::record_error_field("element [3]: field 'name': expected a string") == "name");
  CHECK(import::record_error_field("not a recognised trace record: a number").empty());
  CHECK(import::record_error_code("invalid JSON at byte 3: unexpected end") == "invalid_json");
  CHECK(import::record_error_code("observations[1]: field 'x': bad") == "invalid_field");
  CHECK(import::record_error_code("this record looks like otlp, but the file is read as native") == "invalid_record");
}

}  // namespace test_import_session
