// Datapoints link to their span's content (schema v4): a span that changes or goes leaves its old
// version in span_snapshots, once, for every datapoint taken before; datapoints taken later read
// the new version; unchanged re-imports copy nothing; deleting the last dataset that reads an old
// version removes it; datapoints that hold their own copy (schema v3) read as before.
#include <algorithm>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/export/csv_writer.hpp"
#include "engine/export/datapoint_reader.hpp"
#include "random_spans.hpp"
#include "requests.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_datapoint_links {

using namespace tracesift;
using nlohmann::json;

namespace {

std::string span_line(const std::string& id, const std::string& model, const std::string& output) {
  return json{{"span_id", id},
              {"trace_id", "t-" + id},
              {"name", "chat"},
              {"kind", "llm_call"},
              {"status", "completed"},
              {"model", model},
              {"started_at", "2025-05-01T12:00:00Z"},
              {"attributes", {{"llm.tools", json::array({{{"type", "function"}, {"name", "tool_" + model}}})}}},
              {"input", json::array({{{"role", "user"}, {"content", "question " + id}}})},
              {"output", output}}
             .dump() +
         "\n";
}

json first_row(Engine& engine, const std::string& dataset) {
  const std::string text = engine.dataset_rows_jsonl(dataset, 1, 0);
  REQUIRE(!text.empty());
  return json::parse(text.substr(0, text.find('\n')));
}

int64_t count(Engine& engine, const std::string& sql) {
  return engine.database().query_int(sql);
}

std::string metadata_model(Engine& engine, const std::string& dataset) {
  store::Statement st = engine.database().prepare(
      "SELECT json_extract(metadata, '$.model') FROM datapoint_content "
      "WHERE dataset_id = (SELECT id FROM datasets WHERE name = ?)");
  st.bind_text(1, dataset);
  REQUIRE(st.step());
  return std::string(st.column_text(0));
}

}  // namespace

TEST_CASE("a span that changes leaves its old version, once, to the datapoints taken before", "[datapoints]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, span_line("a", "m1", "v1") + span_line("b", "m1", "b1"));
  engine.save_dataset(test::dataset_request(R"({"name":"ev","type":"eval"})"));
  engine.create_dataset("picked", "collection");
  engine.add_datapoints("picked", {"a"});
  CHECK(count(engine, "SELECT count(*) FROM datapoints WHERE input IS NOT NULL OR output IS NOT NULL") == 0);
  CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 0);
  const std::string ev_before = engine.dataset_rows_jsonl("ev", 100, 0);

  SECTION("an unchanged record copies nothing") {
    test::import_jsonl(engine, span_line("a", "m1", "v1"));
    CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 0);
  }

  SECTION("a change is copied aside once and read by every earlier datapoint") {
    test::import_jsonl(engine, span_line("a", "m2", "v2"));
    CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 1);
    CHECK(engine.dataset_rows_jsonl("ev", 100, 0) == ev_before);
    CHECK(first_row(engine, "picked")["output"] == "v1");
    CHECK(metadata_model(engine, "picked") == "m1");
    store::Statement tools = engine.database().prepare(
        "SELECT attributes FROM datapoint_content WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'picked')");
    REQUIRE(tools.step());
    CHECK(std::string(tools.column_text(0)).find("tool_m1") != std::string::npos);

    // Taken after the change: the new version; a second change leaves a second old version.
    engine.create_dataset("later", "collection");
    engine.add_datapoints("later", {"a"});
    CHECK(first_row(engine, "later")["output"] == "v2");
    test::import_jsonl(engine, span_line("a", "m3", "v3"));
    CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 2);
    CHECK(first_row(engine, "later")["output"] == "v2");
    CHECK(first_row(engine, "picked")["output"] == "v1");
    CHECK(engine.dataset_rows_jsonl("ev", 100, 0) == ev_before);

    // Deleting the datasets that read an old version removes it; the other stays.
    engine.delete_dataset("later");
    CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 1);
    engine.delete_dataset("picked");
    CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 1);  // ev still reads it
    engine.delete_dataset("ev");
    CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 0);
  }

  SECTION("a deleted span still reads as it was") {
    engine.database().exec("DELETE FROM spans WHERE span_id = 'a'");
    CHECK(engine.dataset_rows_jsonl("ev", 100, 0) == ev_before);
    CHECK(first_row(engine, "picked")["source_span_id"] == "a");
    CHECK(metadata_model(engine, "picked") == "m1");
  }

  SECTION("the rows hash read back equals the recipe's") {
    const json shown = json::parse(engine.show_dataset("ev").second);
    store::DatasetStore datasets(engine.database());
    CHECK(shown["rows_hash"] == datasets.rows_hash(datasets.get("ev")));
  }
}

TEST_CASE("datapoints that hold their own copy (schema v3) read as before", "[datapoints]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, span_line("a", "m1", "live"));
  engine.create_dataset("old", "collection");
  engine.database().exec(
      "INSERT INTO datapoints (dataset_id, source, source_span_id, span_row, input, output, created_ns, trace_id, "
      "metadata) SELECT d.id, 'manual', 'a', s.id, '\"copied in\"', '\"copied out\"', 0, 't-a', '{\"model\":\"m0\"}' "
      "FROM datasets d, spans s WHERE d.name = 'old' AND s.span_id = 'a'");
  const json row = first_row(engine, "old");
  CHECK(row["input"] == "copied in");
  CHECK(row["output"] == "copied out");
  CHECK(row["source_span_id"] == "a");
  CHECK(metadata_model(engine, "old") == "m0");
  test::import_jsonl(engine, span_line("a", "m2", "changed"));
  CHECK(first_row(engine, "old")["output"] == "copied out");
  CHECK(count(engine, "SELECT count(*) FROM span_snapshots") == 0);
}

// A collection "mixed" of live datapoints, one reading an old version of its span and one with its
// own copy (schema v3).
void add_mixed_dataset(Engine& engine) {
  test::import_jsonl(engine, test::random_spans_jsonl(11, 300));
  test::import_jsonl(engine, span_line("a", "m1", "v1"));
  engine.create_dataset("mixed", "collection");
  engine.add_datapoints("mixed", {"a", "s11-0", "s11-1", "s11-2", "s11-5"});
  test::import_jsonl(engine, span_line("a", "m2", "v2"));  // "a" now reads its old version
  engine.database().exec(                                  // and one datapoint with its own copy (schema v3)
      "INSERT INTO datapoints (dataset_id, source, source_span_id, span_row, input, output, created_ns, metadata) "
      "SELECT d.id, 'manual', 'x', NULL, '\"in\"', NULL, 5, '{\"model\":\"m0\",\"cost_usd\":0.5}' "
      "FROM datasets d WHERE d.name = 'mixed'");
}

TEST_CASE("the export reads each datapoint as the datapoint_content view does", "[datapoints][export]") {
  Engine engine(":memory:");
  add_mixed_dataset(engine);
  store::DatasetStore datasets(engine.database());
  const store::DatasetInfo info = datasets.get("mixed");
  exporter::DatapointReader reader(engine.database(), info, {.tools = true, .metadata = true});
  store::Statement view = engine.database().prepare(
      "SELECT id, source_span_id, trace_id, session_id, input, output, metadata, attributes FROM datapoint_content "
      "WHERE dataset_id = ? ORDER BY id");
  view.bind_int(1, info.id);
  exporter::ExportRow row;
  int rows = 0;
  auto same = [&](const std::optional<std::string_view>& got, int column) {
    if (view.is_null(column)) return !got.has_value();
    return got.has_value() && *got == view.column_text(column);
  };
  while (view.step()) {
    REQUIRE(reader.next(row));
    INFO("datapoint " << row.id);
    CHECK(row.id == view.column_int(0));
    CHECK(same(row.span_id, 1));
    CHECK(same(row.trace_id, 2));
    CHECK(same(row.session_id, 3));
    CHECK(same(row.input_json, 4));
    CHECK(same(row.output_json, 5));
    CHECK(json::parse(row.metadata_json) == json::parse(view.column_text(6)));
    ++rows;
  }
  CHECK_FALSE(reader.next(row));
  CHECK(rows == 6);
}

TEST_CASE("csv cells from a span's fields equal those from its metadata object", "[datapoints][export]") {
  Engine engine(":memory:");
  add_mixed_dataset(engine);
  engine.add_datapoints("mixed", {"s11-3", "s11-7", "s11-8", "s11-13", "s11-21", "s11-34", "s11-55"});
  const store::DatasetInfo info = store::DatasetStore(engine.database()).get("mixed");
  auto csv = [&](exporter::DatapointFields fields, int& with_fields) {
    exporter::DatapointReader reader(engine.database(), info, fields);
    exporter::CsvWriter writer;
    exporter::StringSink sink;
    writer.begin(sink);
    exporter::ExportRow row;
    while (reader.next(row)) {
      with_fields += row.span_fields != nullptr;
      writer.row(row);
    }
    writer.end();
    return sink.text;
  };
  int from_object = 0, from_fields = 0;
  const std::string a = csv({.metadata = true, .metadata_fields = false}, from_object);
  const std::string b = csv({.metadata = false, .metadata_fields = true}, from_fields);
  CHECK(from_object == 0);
  CHECK(from_fields == 12);  // every linked datapoint; the own copy still parses its object
  CHECK(a == b);
  CHECK(std::count(a.begin(), a.end(), '\n') == 14);  // header + 13 rows
}

}  // namespace test_datapoint_links
