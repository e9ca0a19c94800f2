// Fuzzes the export converters. The input is a JSON object standing for a stored datapoint:
// {"input", "output", "attributes", "metadata"} (any may be missing); like the store, each value
// is written compactly before the converters see it. Every format writes it or rejects it with a
// reason; what jsonl, openai-chat and hf write is JSON, one line per row, and every openai-chat and
// hf line keeps the rules of the format (check_openai_chat_line). The tool definitions come from
// the attributes as the export finds them.
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/export/csv_writer.hpp"
#include "engine/export/hf_export.hpp"
#include "engine/export/openai_chat.hpp"
#include "engine/export/row_writer.hpp"
#include "engine/json_depth.hpp"
#include "fuzz_support.hpp"

using namespace tracesift;
using namespace tracesift::exporter;
using nlohmann::json;

namespace {

// Each line of `text` is one JSON value; for openai-chat lines, one that keeps the format's rules.
void check_lines(const std::string& text, bool openai_chat) {
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string_view line = std::string_view(text).substr(start, end - start);
    if (!json::accept(line)) std::terminate();
    if (openai_chat && check_openai_chat_line(line)) std::terminate();
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

// The compact text of `doc[key]`, as the store keeps a JSON column, or none.
std::optional<std::string> stored(const json& doc, const char* key) {
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  return it->dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = fuzz::text_of(data, size);
  // The line checker reads any text (it is run on files users hand in).
  (void)check_openai_chat_line(text);
  if (json_nesting_depth(text, kMaxJsonDepth + 1) > kMaxJsonDepth) return 0;  // the store never holds such JSON
  const json doc = json::parse(text, nullptr, false);
  if (!doc.is_object()) return 0;

  const std::optional<std::string> input = stored(doc, "input");
  const std::optional<std::string> output = stored(doc, "output");
  const std::optional<std::string> attributes = stored(doc, "attributes");
  const std::optional<std::string> metadata = stored(doc, "metadata");
  std::optional<std::string> tools;
  if (attributes) tools = find_tool_definitions(*attributes);
  if (tools && !json::accept(*tools)) std::terminate();

  ExportRow row;
  row.id = 1;
  row.dataset = "fuzz";
  row.span_id = "s1";
  row.source = "span_export";
  if (input) row.input_json = *input;
  if (output) row.output_json = *output;
  if (metadata && metadata->front() == '{') row.metadata_json = *metadata;
  if (tools) row.tools_json = *tools;

  fuzz::expect_only_errors([&] {
    for (const std::string_view format : {"jsonl", "openai-chat", "csv"}) {
      for (const CsvFormulas formulas : {CsvFormulas::escape, CsvFormulas::raw}) {
        if (format != "csv" && formulas == CsvFormulas::raw) continue;
        StringSink sink;
        auto writer = make_row_writer(format, 4096, ExportOptions{.csv_formulas = formulas});
        writer->begin(sink);
        writer->row(row);
        writer->end();
        if (writer->rows_written() + writer->rejections().count() != 1) std::terminate();
        if (format != "csv") check_lines(sink.text, format == "openai-chat");
      }
    }
    StringSink train, validation;
    HfWriter hf(HfLayout{.holdout_fraction = 0.5, .seed = 3}, 4096);
    hf.begin({.train = &train, .validation = &validation});
    hf.row(row);
    hf.end();
    if (hf.rows_written() + hf.rejections().count() != 1) std::terminate();
    check_lines(train.text + validation.text, false);
  });
  return 0;
}
