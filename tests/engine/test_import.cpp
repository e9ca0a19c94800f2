#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_import {

using namespace tracesift;
using nlohmann::json;

namespace {

std::string span_line(const std::string& id, const std::string& model, const std::string& status,
                      const std::string& extra = "") {
  std::string line = R"({"span_id":")" + id + R"(","trace_id":"t-)" + id + R"(","name":"call )" + id +
                     R"(","kind":"llm_call","status":")" + status + R"(","model":")" + model +
                     R"(","started_at":"2025-05-01T12:00:00Z")";
  if (status != "running") line += R"(,"ended_at":"2025-05-01T12:00:02Z")";
  return line + extra + "}\n";
}

tracesift::import::ImportReport import_text(Engine& engine, const std::string& text, size_t chunk = 7,
                                            uint64_t batch_size = 3) {
  auto session = engine.begin_import({.file_name = "spans.jsonl", .batch_size = batch_size});
  for (size_t i = 0; i < text.size(); i += chunk) session->feed(std::string_view(text).substr(i, chunk));
  return session->finish();
}

Filter filter(const Engine& engine, const std::string& text) {
  return engine.parse_filter(text);
}

}  // namespace

TEST_CASE("import in chunks stores every span and lists them back", "[import]") {
  Engine engine(":memory:");
  std::string text;
  for (int i = 0; i < 10; ++i) text += span_line("s" + std::to_string(i), i % 2 ? "gpt-4o" : "claude", "completed");
  std::vector<import::ImportProgress> progress;
  auto session = engine.begin_import(
      {.file_name = "f.jsonl", .batch_size = 4, .on_progress = [&](const auto& p) { progress.push_back(p); }});
  session->feed(text);
  const auto report = session->finish();
  CHECK(report.counts.read == 10);
  CHECK(report.counts.imported == 10);
  CHECK(report.errors.empty());
  REQUIRE(progress.size() == 3);  // batches of 4, 4, 2
  CHECK(progress[0].imported == 4);
  CHECK(progress[2].imported == 10);

  CHECK(engine.count({}) == 10);
  CHECK(engine.count(filter(engine, R"({"model":"gpt-4o"})")) == 5);
  const std::string jsonl = engine.spans_jsonl(filter(engine, R"({"model":"claude"})"), 100, 0);
  size_t lines = 0;
  for (size_t pos = 0; (pos = jsonl.find('\n', pos)) != std::string::npos; ++pos) ++lines;
  CHECK(lines == 5);
  const json first = json::parse(jsonl.substr(0, jsonl.find('\n')));
  CHECK(first["model"] == "claude");
  CHECK(first["started_at"] == "2025-05-01T12:00:00Z");
  CHECK(first["attributes"] == json::object());
}

TEST_CASE("a malformed line is reported with file and line, valid lines are kept", "[import]") {
  Engine engine(":memory:");
  const std::string text = span_line("a", "m", "completed") + "{\"span_id\": oops}\n" +
                           span_line("b", "m", "completed") + span_line("c", "m", "completed", R"(,"cost_usd":"x")");
  const auto report = import_text(engine, text);
  CHECK(report.counts.read == 4);
  CHECK(report.counts.imported == 2);
  CHECK(report.counts.errors == 2);
  REQUIRE(report.errors.size() == 2);
  CHECK(report.errors[0].file == "spans.jsonl");
  CHECK(report.errors[0].line == 2);
  CHECK_THAT(report.errors[0].message, Catch::Contains("invalid JSON"));
  CHECK(report.errors[1].line == 4);
  CHECK_THAT(report.errors[1].message, Catch::Contains("cost_usd"));
  CHECK(engine.count({}) == 2);
}

TEST_CASE("running then completed ends completed, a late running record does not undo it", "[import]") {
  Engine engine(":memory:");
  auto r1 = import_text(engine, span_line("x", "gpt-4o", "running"));
  CHECK(r1.counts.imported == 1);
  auto r2 = import_text(engine, span_line("x", "gpt-4o", "completed", R"(,"output_tokens":7)"));
  CHECK(r2.counts.updated == 1);
  auto r3 = import_text(engine, span_line("x", "gpt-4o", "running"));
  CHECK(r3.counts.skipped == 1);
  const json span = json::parse(engine.spans_jsonl({}, 10, 0));
  CHECK(span["status"] == "completed");
  CHECK(span["ended_at"] == "2025-05-01T12:00:02Z");
  CHECK(span["output_tokens"] == 7);
}

TEST_CASE("importing the same file twice changes nothing", "[import]") {
  Engine engine(":memory:");
  std::string text;
  for (int i = 0; i < 7; ++i)
    text += span_line("d" + std::to_string(i), "m", "completed", R"(,"attributes":{"k":[1,2]})");
  CHECK(import_text(engine, text).counts.imported == 7);
  const std::string before = engine.spans_jsonl({}, 100, 0);
  const auto again = import_text(engine, text, 5);
  CHECK(again.counts.imported == 0);
  CHECK(again.counts.updated == 0);
  CHECK(again.counts.skipped == 7);
  CHECK(engine.spans_jsonl({}, 100, 0) == before);
}

TEST_CASE("cancelling drops only the uncommitted batch", "[import]") {
  Engine engine(":memory:");
  auto session = engine.begin_import({.batch_size = 3});
  std::string text;
  for (int i = 0; i < 5; ++i) text += span_line("c" + std::to_string(i), "m", "completed");
  // (blank lines first: the first 4 KiB wait until they are enough to tell text from binary)
  session->feed(std::string(import::ImportSession::kSniffBytes, '\n') + text);
  const auto report = session->cancel();
  CHECK(report.cancelled);
  CHECK(report.counts.imported == 3);
  CHECK(engine.count({}) == 3);
  CHECK_THROWS_AS(session->feed("x"), Error);
}

TEST_CASE("an empty file is refused: there is nothing to import", "[import]") {
  Engine engine(":memory:");
  for (const std::string text : {"", "\n\n  \n"}) {
    try {
      import_text(engine, text);
      FAIL("an empty file was imported");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::parse_error);
      CHECK(nlohmann::json::parse(e.details_json())["read"] == 0);
    }
  }
  // A cancelled import of nothing is no error.
  auto session = engine.begin_import({});
  CHECK(session->cancel().counts.read == 0);
}

TEST_CASE("an unknown import format is refused", "[import]") {
  Engine engine(":memory:");
  try {
    engine.begin_import({.format = "csv"});
    FAIL("accepted an unknown format");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_argument);
    CHECK(e.field() == "format");
  }
}

TEST_CASE("paging with limit and offset", "[import]") {
  Engine engine(":memory:");
  std::string text;
  for (int i = 0; i < 25; ++i) text += span_line("p" + std::to_string(100 + i), "m", "completed");
  import_text(engine, text, 4096, 1000);
  const auto page = [&](int64_t offset) { return engine.spans_jsonl({}, 10, offset); };
  const auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
  CHECK(lines(page(0)) == 10);
  CHECK(lines(page(20)) == 5);
  CHECK(page(0) != page(10));
  CHECK_THROWS_AS(engine.spans_jsonl({}, -1, 0), Error);
}

}  // namespace test_import
