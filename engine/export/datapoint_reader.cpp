#include "datapoint_reader.hpp"

#include <array>
#include <optional>
#include <string_view>

#include "../json_text.hpp"

namespace tracesift::exporter {
namespace {

// The span columns read from the live span (s) and from its old version (v), in this order.
constexpr std::array<std::string_view, 19> kSpanColumns = {
    "span_id",       "trace_id", "session_id", "input",       "output",    "name",    "kind",
    "status",        "model",    "provider",   "environment", "task",      "user_id", "input_tokens",
    "output_tokens", "cost_usd", "started_ns", "ended_ns",    "attributes"};
constexpr int kMetadataFirst = 5;  // name .. ended_ns make the metadata object
constexpr int kFirstInteger = 13;  // input_tokens, output_tokens, cost_usd (REAL), started_ns, ended_ns
constexpr int kAttributes = 18;    // index of attributes in kSpanColumns
constexpr int kOwn = 6;            // first own column: source_span_id, trace_id, session_id, input, output, metadata
constexpr int kLive = 12;          // first live span column
constexpr int kOld = kLive + 19;   // first old-version column

std::string reader_sql(bool tools) {
  std::string sql =
      "SELECT d.id, d.source, d.rule_id, d.created_ns, d.linked, d.snapshot_id IS NOT NULL, d.source_span_id, "
      "d.trace_id, d.session_id, d.input, d.output, d.metadata";
  for (const char* table : {"s.", "v."}) {
    for (const std::string_view c : kSpanColumns) {
      sql += ", ";
      if (c == "attributes" && !tools) {
        sql += "NULL";
      } else {
        sql += table;
        sql += c;
      }
    }
  }
  sql +=
      " FROM datapoints d LEFT JOIN spans s ON d.snapshot_id IS NULL AND s.id = d.span_row "
      "LEFT JOIN span_snapshots v ON v.id = d.snapshot_id WHERE d.dataset_id = ? ORDER BY d.id";
  return sql;
}

}  // namespace

DatapointReader::DatapointReader(store::Database& db, const store::DatasetInfo& dataset, bool tools)
    : name_(dataset.name), st_(db.prepare(reader_sql(tools))) {
  st_.bind_int(1, dataset.id);
}

bool DatapointReader::next(ExportRow& row) {
  if (!st_.step()) return false;
  auto opt = [&](int i) -> std::optional<std::string_view> {
    if (st_.is_null(i)) return std::nullopt;
    return st_.column_text(i);
  };
  row = ExportRow{};
  row.id = st_.column_int(0);
  row.dataset = name_;
  row.source = st_.column_text(1);
  if (!st_.is_null(2)) row.rule_id = st_.column_int(2);
  row.created_ns = st_.column_int(3);
  const bool linked = st_.column_int(4) != 0;
  const int span = st_.column_int(5) != 0 ? kOld : kLive;  // the span as it was when taken
  if (linked) {
    row.span_id = opt(span);
    row.trace_id = opt(span + 1);
    row.session_id = opt(span + 2);
    row.input_json = opt(span + 3);
    row.output_json = opt(span + 4);
    // The same object as the view's json_object: every key, null when missing.
    metadata_.assign(1, '{');
    for (int c = kMetadataFirst; c < kAttributes; ++c) {
      const int i = span + c;
      append_json_key(metadata_, kSpanColumns[static_cast<size_t>(c)], c == kMetadataFirst);
      if (st_.is_null(i)) {
        metadata_ += "null";
      } else if (kSpanColumns[static_cast<size_t>(c)] == "cost_usd") {
        append_json_number(metadata_, st_.column_double(i));
      } else if (c >= kFirstInteger) {
        metadata_ += std::to_string(st_.column_int(i));
      } else {
        append_json_string(metadata_, st_.column_text(i));
      }
    }
    metadata_ += '}';
    row.metadata_json = metadata_;
  } else {
    // A datapoint with its own copy (schema v3): its columns; tools from the span as it is now.
    row.span_id = opt(kOwn);
    row.trace_id = opt(kOwn + 1);
    row.session_id = opt(kOwn + 2);
    row.input_json = opt(kOwn + 3);
    row.output_json = opt(kOwn + 4);
    row.metadata_json = st_.column_text(kOwn + 5);
  }
  if (auto attributes = opt(span + kAttributes)) row.tools_json = tools_.find(*attributes);
  return true;
}

}  // namespace tracesift::exporter
