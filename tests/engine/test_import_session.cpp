// The import session's handling of whole files: JSONL vs documents, format detection, mixed
// formats, and every kind of bad input the import issue lists.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

tracesift::import::ImportReport run(Engine& engine, const std::string& text, const std::string& format = "auto",
                                    size_t chunk = 13) {
  auto session = engine.begin_import({.file_name = "f.jsonl", .format = format, .batch_size = 2});
  for (size_t i = 0; i < text.size(); i += chunk) session->feed(std::string_view(text).substr(i, chunk));
  return session->finish();
}

// The Error an import of `text` throws (a file it refuses), or a failed test when it throws none.
Error refusal(Engine& engine, const std::string& text, const std::string& format = "auto", size_t chunk = 13) {
  try {
    run(engine, text, format, chunk);
  } catch (const Error& e) {
    return e;
  }
  FAIL("the import was not refused");
  return Error(Errc::internal, "");
}

// The details of an Error as JSON ({} when it has none).
json details(const Error& e) {
  return e.details_json().empty() ? json::object() : json::parse(e.details_json());
}

bool has_error(const import::ImportReport& r, uint64_t line, const std::string& fragment) {
  for (const auto& e : r.errors) {
    if (e.line == line && e.message.find(fragment) != std::string::npos && e.file == "f.jsonl") return true;
  }
  return false;
}

}  // namespace

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

TEST_CASE("a file in which no record is recognised is refused, with the first reasons", "[import_session]") {
  Engine engine(":memory:");
  const Error e = refusal(engine, R"({"timestamp": 1, "event": "click"})"
                                  "\n"
                                  R"({"timestamp": 2, "event": "view"})"
                                  "\n");
  CHECK(e.code() == Errc::parse_error);
  CHECK_THAT(e.message(), Catch::Contains("no record of 'f.jsonl' is a recognised trace record (2 records read, 2 "
                                          "rejected); first: line 1: not a recognised trace record: a JSON object "
                                          "with keys timestamp, event"));
  const json d = details(e);
  CHECK(d["file"] == "f.jsonl");
  CHECK(d["format"] == "unknown");
  CHECK(d["read"] == 2);
  CHECK(d["error_count"] == 2);
  REQUIRE(d["errors"].size() == 2);
  CHECK(d["errors"][1]["line"] == 2);
  CHECK(d["errors"][1]["code"] == "invalid_record");
  CHECK_THAT(d["errors"][1]["message"].get<std::string>(), Catch::Contains("not a recognised trace record"));
  const Error csv = refusal(engine, "a,b,c\n1,2,3\n");
  CHECK_THAT(csv.message(), Catch::Contains("first: line 1: invalid JSON"));
  CHECK(details(csv)["errors"].size() == 2);
  CHECK(engine.count({}) == 0);
}

TEST_CASE("a file whose records are all rejected is refused; the first reasons are at most ten", "[import_session]") {
  Engine engine(":memory:");
  std::string text;
  for (int i = 0; i < 25; ++i) text += native("bad" + std::to_string(i), R"(,"input_tokens":"many")") + "\n";
  const Error e = refusal(engine, text);
  CHECK(e.code() == Errc::parse_error);
  CHECK_THAT(e.message(), Catch::Contains("every record of 'f.jsonl' was rejected (25 records read, 25 rejected, "
                                          "read as native); first: line 1: field 'input_tokens'"));
  const json d = details(e);
  CHECK(d["format"] == "native");
  CHECK(d["error_count"] == 25);
  REQUIRE(d["errors"].size() == import::ImportSession::kFirstReasons);
  CHECK(d["errors"][9]["line"] == 10);
  CHECK(d["errors"][0]["field"] == "input_tokens");
  // One good record among them and the file imports, with the others reported.
  const auto r = run(engine, text + native("good") + "\n");
  CHECK(r.counts.imported == 1);
  CHECK(r.counts.errors == 25);
}

TEST_CASE("a truncated JSON document is refused as one, not as an unknown format", "[import_session]") {
  Engine engine(":memory:");
  const json doc = json::array({json::parse(native("t1")), json::parse(native("t2"))});
  const std::string text = doc.dump(2);
  const Error e = refusal(engine, text.substr(0, text.size() / 2), "auto", 4096);
  CHECK(e.code() == Errc::parse_error);
  CHECK_THAT(e.message(), Catch::Contains("'f.jsonl' starts like one JSON document but does not parse (invalid JSON"));
  CHECK(details(e)["error_count"].get<int>() > 0);
  CHECK(engine.count({}) == 0);
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
  const Error e = refusal(engine, native("f1") + "\n", "openai-chat");
  CHECK(e.code() == Errc::parse_error);
  const json d = details(e);
  CHECK(d["format"] == "openai-chat");
  REQUIRE(d["errors"].size() == 1);
  CHECK_THAT(d["errors"][0]["message"].get<std::string>(),
             Catch::Contains("looks like native, but the file is read as openai-chat"));
  const auto r =
      run(engine, native("f2") + "\n" + R"({"messages": [{"role": "user", "content": "hi"}]})" + "\n", "openai-chat");
  CHECK(r.format == "openai-chat");
  CHECK(r.counts.imported == 1);
  CHECK(has_error(r, 1, "looks like native, but the file is read as openai-chat"));
}

TEST_CASE("empty and blank files are refused: there is nothing to import", "[import_session]") {
  Engine engine(":memory:");
  const Error empty = refusal(engine, "");
  CHECK(empty.code() == Errc::parse_error);
  CHECK(empty.message() == "'f.jsonl' is empty: there is nothing to import");
  CHECK(details(empty)["read"] == 0);
  for (const std::string text : {"\n\n", "   \r\n\t\n"}) {
    const Error blank = refusal(engine, text);
    CHECK(blank.message() == "'f.jsonl' holds no records (only blank lines)");
    CHECK(details(blank)["errors"].empty());
  }
}

TEST_CASE("a multi-line document above the cap is refused with a clear error", "[import_session]") {
  Engine engine(":memory:");
  auto session = engine.begin_import({.file_name = "f.jsonl", .max_document_bytes = 1000});
  session->feed("[\n");
  for (int i = 0; i < 20; ++i) session->feed(native("big" + std::to_string(i)) + ",\n");
  try {
    session->finish();
    FAIL("the document was not refused");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::parse_error);
    CHECK_THAT(e.message(), Catch::Contains("export it as JSONL"));
    CHECK(details(e)["errors"].size() == 1);
  }
}

TEST_CASE("compressed, binary and UTF-16 files are refused from their first bytes, in one error", "[import_session]") {
  Engine engine(":memory:");
  struct Case {
    std::string bytes, detected, says;
  };
  const std::string nul_text = native("n1") + "\n" + std::string("abc\0def", 7) + "\n";
  std::string latin1;  // text in Latin-1: accents every few bytes
  for (int i = 0; i < 40; ++i) latin1 += "{\"name\": \"caf\xE9 cr\xE8me\"}\n";
  std::string random_bytes;
  for (int i = 0; i < 10000; ++i) random_bytes += static_cast<char>(0x80 + (i * 37) % 128);
  const std::vector<Case> cases = {
      {std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) + "rest", "gzip",
       "'f.jsonl' is a gzip-compressed file: compressed files are not supported yet: decompress it first (gunzip)"},
      {std::string("PK\x03\x04\x14\x00", 6), "zip", "'f.jsonl' is a zip archive"},
      {std::string("\x28\xb5\x2f\xfd\x04\x58", 6), "zstd", "'f.jsonl' is a zstd-compressed file"},
      {std::string("\xfd"
                   "7zXZ\x00\x00",
                   7),
       "xz", "'f.jsonl' is an xz-compressed file"},
      {std::string("SQLite format 3\x00", 16) + std::string(100, '\x01'), "sqlite", "a SQLite database"},
      {std::string("\xff\xfe{\x00\"\x00", 6), "utf-16", "'f.jsonl' is UTF-16 text"},
      {nul_text, "binary",
       "'f.jsonl' is not a text file: it holds a NUL byte at byte " + std::to_string(native("n1").size() + 4)},
      {latin1, "binary", "'f.jsonl' is not UTF-8 text: byte 0xE9 at byte 13 is not valid UTF-8"},
      {random_bytes, "binary", "is not UTF-8 text: byte 0x80 at byte 0"},
  };
  for (const Case& c : cases) {
    for (const size_t chunk : {size_t{1}, size_t{13}, size_t{1} << 20}) {
      const Error e = refusal(engine, c.bytes, "auto", chunk);
      CHECK(e.code() == Errc::parse_error);
      CHECK_THAT(e.message(), Catch::Contains(c.says));
      CHECK(details(e)["detected"] == c.detected);
      CHECK(details(e)["file"] == "f.jsonl");
    }
  }
  // A gzip file is refused even when its format is forced, and nothing of it was read.
  const Error forced = refusal(engine, std::string("\x1f\x8b\x08\x00", 4) + native("x") + "\n", "native");
  CHECK(details(forced)["detected"] == "gzip");
  CHECK(engine.count({}) == 0);
}

TEST_CASE("text is not taken for binary: UTF-8 cut by chunks, a rare bad byte, a binary tail", "[import_session]") {
  Engine engine(":memory:");
  // Every chunk boundary falls inside some multi-byte character at one byte a chunk.
  const std::string utf8 = native("u1", R"(,"input":"Grüße, 日本語 🙂")") + "\n";
  CHECK(run(engine, utf8, "auto", 1).counts.imported == 1);
  // One sequence that is not UTF-8 in a few hundred bytes is that record's error, not the file's.
  const std::string glitch = native("g1") + "\n" + native("g2\xC3\x28") + "\n" + native("g3") + "\n";
  const auto r = run(engine, glitch, "auto", 1);
  CHECK(r.counts.imported == 2);
  CHECK(has_error(r, 2, "not valid UTF-8"));
  // Past the first bytes, a NUL is a bad line like any other.
  std::string late;
  for (int i = 0; late.size() < import::ImportSession::kSniffBytes; ++i) late += native("l" + std::to_string(i)) + "\n";
  late += std::string("{\0}", 3) + "\n";
  const auto tail = run(engine, late, "auto", 4096);
  CHECK(tail.counts.errors == 1);
  CHECK(tail.counts.imported > 10);
}

TEST_CASE("a failed batch says what the batches before it committed", "[import_session]") {
  Engine engine(":memory:");
  engine.database().exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON spans WHEN NEW.span_id = 'poison' "
      "BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
  auto session = engine.begin_import({.file_name = "f.jsonl", .batch_size = 2});
  std::string text = native("p1") + "\n" + native("p2") + "\n" + "{oops\n" + native("p3") + "\n" + native("poison") +
                     "\n" + native("p4") + "\n";
  try {
    session->feed(text);
    session->finish();
    FAIL("the poisoned batch was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::storage);
    const json progress = details(e)["progress"];
    CHECK(progress["imported"] == 2);
    CHECK(progress["errors"] == 1);
    CHECK(progress["read"] == 5);
  }
  CHECK(engine.count({}) == 2);
}

TEST_CASE("a batch that fails in SQLite changes nothing and ends the import", "[import_session]") {
  Engine engine(":memory:");
  run(engine, native("kept") + "\n");
  engine.database().exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON spans WHEN NEW.span_id = 'poison' "
      "BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
  auto session = engine.begin_import({.file_name = "f.jsonl", .batch_size = 3});
  // (the first bytes wait until there are enough to tell text from a binary file: blank lines first)
  session->feed(std::string(import::ImportSession::kSniffBytes, '\n') + native("b1") + "\n" + native("b2") + "\n" +
                native("b3") + "\n");  // first batch commits
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
